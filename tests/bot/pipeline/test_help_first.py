from bot.pipeline.help_first import FALLBACK, choose


def clause(name, confidence=0.9):
    return {"text": name, "name": name, "confidence": confidence}


def test_distress_below_the_thresholds_is_answered_as_help_first():
    assert choose(FALLBACK, 0.3, [], "I swear to God I need help")["intent"] == FALLBACK
    choice = choose("greet", 0.8, [], "出事了。报警。")
    assert choice["intent"] == FALLBACK and choice["distress"]["shown"]


def test_any_distress_in_an_answer_that_gives_no_number_brings_the_numbers_first():
    for intent, text in (("request_human", "someone please call police we are trapped on the 5th floor"),
                         ("inform_nationality", "Tolong kami dari perusahaan penipuan di Kamboja, kami 12 orang WNI"),
                         ("inform_location", "出事了。报警。")):
        choice = choose(intent, 0.8, [], text)
        assert choice["intent"] == "emergency_now", text
    assert choose("request_human", 0.8, [], "can I talk to a real person")["intent"] == "request_human"
    assert choose("inform_nationality", 0.8, [], "I am from Vietnam")["intent"] == "inform_nationality"


def test_an_ordinary_message_keeps_its_intent():
    choice = choose("greet", 0.9, [], "hello")
    assert choice == {"intent": "greet", "confidence": 0.9, "second_need": None,
                      "distress": {"shown": False, "score": 0, "cues": []}}


def test_the_ladder_picks_the_most_urgent_clause_and_keeps_the_next():
    clauses = [clause("passport_confiscated"), clause("physical_abuse", 0.7), clause("ransom_debt"),
               clause("inform_location")]
    choice = choose("passport_confiscated", 0.6, clauses, "they took our passports, beat us, want $5,000, Myawaddy")
    assert (choice["intent"], choice["second_need"]) == ("physical_abuse", "ransom_debt")
    assert choice["confidence"] == 0.7


def test_unsure_clauses_do_not_count():
    choice = choose("forced_scamming", 0.8, [clause("physical_abuse", 0.3)], "they make us scam, the food is bad")
    assert choice["intent"] == "forced_scamming"


def test_a_child_pleading_to_a_parent_is_the_person_in_danger():
    assert choose("relative_missing", 0.98, [], "Mẹ cứu con, họ bảo con đi")["intent"] == "emergency_now"
    assert choose("relative_missing", 0.9, [], "con tôi đi Campuchia mất liên lạc")["intent"] == "relative_missing"
    assert choose("relative_missing", 0.9, [], "my son says help me, he is locked in")["intent"] == "relative_missing"


def test_a_survivor_who_is_home_gets_the_after_care_answer():
    text = "I got out last year and I'm home now, but they beat me there and I still can't sleep"
    assert choose("physical_abuse", 0.7, [], text)["intent"] == "escaped"
    assert choose(FALLBACK, 0.2, [], "已经回国了，但是我还是很害怕")["intent"] == "escaped"
    assert choose("held_captive", 0.6, [], "tumakas kami habang tulog yung guard")["intent"] == "escaped"
    assert choose("held_captive", 0.6, [], "udah dilepasin, sekarang di pinggir jalan")["intent"] == "escaped"
    assert choose("held_captive", 0.6, [], "aku belum dilepas")["intent"] == "held_captive"


def test_a_clause_read_as_danger_now_does_not_displace_a_survivor_who_is_safe():
    choice = choose("escaped", 0.7, [clause("escaped"), clause("emergency_now", 0.6)],
                    "aku berhasil lolos, sekarang sembunyi")
    assert choice["intent"] == "escaped"


def test_danger_now_is_never_displaced_by_the_past():
    choice = choose("emergency_now", 0.9, [clause("escaped")], "i escaped but they are chasing me help")
    assert choice["intent"] == "emergency_now"


def test_a_language_lifeline_does_not_speak_is_help_first():
    assert choose("greet", 0.5, [], "안녕하세요", unsupported_language=True)["intent"] == FALLBACK


def test_a_relative_writing_about_someone_in_danger_gets_the_answer_for_relatives():
    choice = choose("held_captive", 0.8, [], "我弟弟被骗去柬埔寨，发消息说被关起来了，我们家属能做什么",
                    runners_up=["held_captive", "relative_missing"])
    assert (choice["intent"], choice["second_need"]) == ("relative_missing", "held_captive")
    assert choose("held_captive", 0.8, [], "they locked us in, help me")["intent"] == "held_captive"
    assert choose("held_captive", 0.8, [], "my friend and i are locked in the compound",
                  runners_up=["relative_missing"])["intent"] == "held_captive"
    # The classifier was unsure, but its best guess was a relative's message, and the writer names their spouse.
    text = "asawa ko nasa Laos pinipilit mag scam at sinasaktan, ano dapat kong gawin"
    ranking = [FALLBACK, "relative_missing", "scam_money_lost"]
    assert choose(FALLBACK, 0.3, [], text, runners_up=ranking)["intent"] == "relative_missing"
    assert choose(FALLBACK, 0.3, [], "tulungan mo ako, asawa ko nasa Laos", runners_up=ranking)["intent"] == FALLBACK
    assert choose(FALLBACK, 0.3, [], text, runners_up=[FALLBACK, "scam_money_lost"])["intent"] == FALLBACK
    # The writer is the one held; a relative is only the one they ask for money.
    assert choose("ransom_debt", 0.8, [], "they call my mother and ask money, they beat me",
                  runners_up=["ransom_debt", "physical_abuse"])["intent"] == "ransom_debt"


def test_distress_gets_the_numbers_before_any_question():
    choice = choose("request_hotline", 0.7, [], "出事了。报警。")
    assert (choice["intent"], choice["second_need"]) == ("emergency_now", "request_hotline")
    # "I'm in Shwe Kokko now, can't get out, give me the police number"
    choice = choose("request_hotline", 0.7, [], "ឥឡូវខ្ញុំនៅស្វេកុកកូ ចេញមិនបាន សុំលេខប៉ូលីស")
    assert (choice["intent"], choice["second_need"]) == ("emergency_now", "request_hotline")
    assert choose("request_hotline", 0.7, [], "we cant get out, whats the police number")["intent"] == "emergency_now"
    assert choose("request_hotline", 0.7, [], "is there a hotline i can call")["intent"] == "request_hotline"
    assert choose("request_hotline", 0.7, [], "which organisation can help me")["intent"] == "request_hotline"


def test_help_as_a_word_in_small_talk_is_not_distress_enough():
    assert choose("thank", 0.9, [], "thank you so much for your help")["intent"] == "thank"
    assert choose("ask_capabilities", 0.8, [], "what kind of help can you give me")["intent"] == "ask_capabilities"
    assert choose("greet", 0.6, [], "HELP anyone there??")["intent"] == FALLBACK
    assert choose("out_of_scope", 0.6, [], "can you help me, they beat us")["intent"] == FALLBACK


def test_a_plea_gives_way_to_the_need_the_rest_of_the_message_names():
    plea = {"text": "Tulungan niyo po kami", "name": "emergency_now", "confidence": 0.72}
    taken = {"text": "kinuha nila yung passport namin dito sa Cambodia", "name": "passport_confiscated",
             "confidence": 0.99}
    text = "Tulungan niyo po kami, kinuha nila yung passport namin dito sa Cambodia"
    choice = choose("passport_confiscated", 0.84, [plea, taken], text)
    assert choice["intent"] == "passport_confiscated" and choice["distress"]["shown"]
    danger = {"text": "they are beating us now", "name": "emergency_now", "confidence": 0.9}
    assert choose("passport_confiscated", 0.84, [danger, taken], "they are beating us now, "
                  "they took our passports")["intent"] == "emergency_now"


def test_a_plea_alone_still_counts():
    plea = {"text": "help me please", "name": "emergency_now", "confidence": 0.9}
    other = {"text": "where am i", "name": "inform_location", "confidence": 0.9}
    assert choose(FALLBACK, 0.3, [plea, other], "help me please, where am i")["intent"] == "emergency_now"


def test_a_threat_to_life_is_danger_now_before_fear_of_arrest_and_questions():
    choice = choose("fear_of_arrest", 0.6, [], "the guards carry guns, i am scared they kill me if i run")
    assert (choice["intent"], choice["second_need"]) == ("emergency_now", "fear_of_arrest")
    assert choose("request_embassy", 0.7, [], "bos bawa pistol, nomor KBRI berapa")["intent"] == "emergency_now"
    assert choose("fear_of_arrest", 0.7, [], "will the police arrest me because my visa expired")["intent"] \
        == "fear_of_arrest"


def test_a_threat_to_life_leaves_the_answers_that_already_carry_safety_and_relatives_and_survivors():
    assert choose("ransom_debt", 0.8, [], "pay 5000 or they kill you")["intent"] == "ransom_debt"
    assert choose("relative_missing", 0.8, [], "my son says they will kill him")["intent"] == "relative_missing"
    assert choose("fear_of_arrest", 0.7, [], "i escaped, they had guns, will the police arrest me")["intent"] \
        != "emergency_now"
