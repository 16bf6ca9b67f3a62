"""Words that mark distress, whose trouble a message is about, a danger already past and a threat to life, per
language.

Cues are compared with the message folded by :func:`bot.pipeline.distress.fold` (lower case, Vietnamese and other
Latin letters without diacritics, so "cứu" and "cuu" are one cue; Khmer subscript ta as da, so a cue is written once,
in the dictionary's spelling). Latin-script cues match whole words; cues in scripts written without spaces (Thai,
Khmer, Chinese, Burmese, Lao) and in Korean match anywhere in the text.

Weights: 1.0 for a plea or a danger that alone means "help now" (save me, 救命, ช่วยด้วย, tolong, beaten up, gun);
0.5 for a word that means danger only with another cue (police, locked, passport taken, die). The thresholds are in
:mod:`bot.pipeline.distress`.
"""

from __future__ import annotations

from typing import Dict

PLEA, DANGER = 1.0, 0.5

DISTRESS: Dict[str, Dict[str, float]] = {
    "en": {
        **dict.fromkeys(["help me", "save me", "save us", "help us", "rescue me", "rescue us", "sos", "need help",
                         "help", "please help", "pls help", "plz help", "i need help", "get me out", "get us out",
                         "beat me", "beat us", "beaten", "they beat", "shocked us", "electric shock", "tortured",
                         "torture", "kill me", "kill us", "killed", "gun", "guns", "they will kill", "bleeding",
                         "raped", "dying", "emergency", "in danger", "help!!", "hit me",
                         "kidnapped", "locked up", "cant escape", "can't escape", "cant get out", "can't get out",
                         "cannot get out", "not allowed to leave", "dont let us leave", "don't let us leave",
                         "they are coming", "they're coming", "theyre coming", "coming for me"], PLEA),
        **dict.fromkeys(["call the police", "police", "locked", "trapped", "hurt", "scared", "afraid", "die", "dead",
                         "danger", "escape", "ransom", "beat", "guard", "guards", "sold", "prisoner", "stuck",
                         "hit", "punish", "punished", "dark room", "hungry", "injured", "threaten", "threatened"],
                        DANGER),
    },
    "vi": {
        **dict.fromkeys(["cuu", "cuu toi", "cuu con", "cuu em", "cuu voi", "cuu chung toi", "giup toi voi",
                         "giup em voi", "giup con voi", "giup voi", "bi danh", "danh dap", "danh dien", "chich dien",
                         "giet", "nguy hiem", "bi nhot", "bi giam", "bi bat coc",
                         "bat coc", "chay mau", "sap chet", "khan cap", "khong ra duoc", "khong cho ra",
                         "khong cho ve", "khong thoat duoc"], PLEA),
        **dict.fromkeys(["bao cong an", "giup", "sung", "cong an", "canh sat", "so lam", "so qua", "chet", "tron",
                         "bo tron",
                         "chuoc", "tien chuoc", "bao ve", "nhot", "bi phat", "de doa"],
                        DANGER),
    },
    "th": {
        **dict.fromkeys(["ช่วยด้วย", "ช่วยหนูด้วย", "ช่วยผมด้วย", "ช่วยฉันด้วย", "ช่วยเราด้วย", "ช่วยที",
                         "ช่วยเหลือด่วน",
                         "ถูกทำร้าย", "โดนทำร้าย", "โดนตี", "ถูกตี", "ช็อตไฟฟ้า", "ไฟช็อต", "ทรมาน", "ฆ่า", "ปืน",
                         "ถูกขัง", "โดนขัง", "ถูกกักขัง", "เลือดออก", "จะตาย", "ฉุกเฉิน", "ลักพาตัว", "ออกไม่ได้",
                         "ไม่ให้ออก", "หนีไม่ได้"],
                        PLEA),
        **dict.fromkeys(["แจ้งตำรวจ", "ช่วย", "ตำรวจ", "กลัว", "ตาย", "หนี", "ขัง", "ค่าไถ่", "ยาม", "ขาย",
                         "อันตราย", "ทำโทษ",
                         "ขู่", "เจ็บ"], DANGER),
    },
    "id": {
        **dict.fromkeys(["tolong", "tolong saya", "tolong kami", "tolongin", "selamatkan saya", "selamatkan kami",
                         "dipukul", "dipukuli",
                         "disetrum", "disiksa", "dibunuh", "pistol", "senjata", "disekap", "dikurung",
                         "diculik", "berdarah", "darurat", "bahaya", "tidak bisa keluar", "tdk bisa keluar",
                         "gak bisa keluar", "ga bisa keluar", "nggak bisa keluar", "gabisa keluar"], PLEA),
        **dict.fromkeys(["lapor polisi", "selamatkan", "bantu", "polisi", "takut", "mati", "kabur", "lari",
                         "tebusan", "penjaga", "dijual",
                         "dikunci", "disandera", "diancam", "dihukum", "sakit", "terjebak"], DANGER),
    },
    "ms": {
        **dict.fromkeys(["tolong", "tolong saya", "tolong kami", "selamatkan saya", "selamatkan kami", "kena pukul",
                         "dipukul", "kena belasah",
                         "dibelasah", "kena renjat", "renjatan elektrik", "diseksa", "bunuh", "pistol", "senjata",
                         "dikurung", "dikunci dalam", "diculik", "berdarah", "kecemasan", "bahaya", "tak boleh keluar",
                         "tidak boleh keluar", "x boleh keluar", "tak dapat keluar"], PLEA),
        **dict.fromkeys(["lapor polis", "selamatkan", "bantu", "polis", "takut", "mati", "lari", "tebusan",
                         "pengawal", "dijual", "dikunci",
                         "diugut", "didenda", "sakit", "terperangkap", "kantoi"], DANGER),
    },
    "km": {
        **dict.fromkeys(["ជួយផង", "ជួយខ្ញុំ", "ជួយកូន", "ជួយយើង", "ជួយសង្គ្រោះ", "សង្គ្រោះ", "វាយខ្ញុំ",
                         "ឆក់ខ្សែភ្លើង", "ឆក់អគ្គិសនី",
                         "ធ្វើទារុណកម្ម", "សម្លាប់", "កាំភ្លើង", "ឃុំខ្លួន", "ចាប់ខ្លួន", "ហូរឈាម", "គ្រោះថ្នាក់",
                         "ចាប់ជំរិត", "ចេញមិនបាន", "ចេញមិនរួច", "មិនឱ្យចេញ", "មិនអោយចេញ"], PLEA),
        **dict.fromkeys(["បន្ទាន់", "ជួយ", "វាយ", "ប៉ូលីស", "ខ្លាច", "ស្លាប់", "រត់", "លោះ", "ឆ្មាំ", "លក់",
                         "ចាក់សោ", "គំរាម",
                         "ឈឺ"],
                        DANGER),
    },
    "zh": {
        **dict.fromkeys(["救命", "救救我", "救救我们", "救我", "帮帮我", "幫幫我", "救救", "求救", "打人",
                         "被打", "挨打", "电击", "電擊", "电棍", "電棍", "杀了我", "杀人", "殺人", "枪", "槍", "噶腰子", "割腰子",
                         "关起来", "關起來", "小黑屋", "流血", "快死", "紧急", "緊急", "出事了", "绑架", "綁架",
                         "打我", "打死", "救下", "冇命", "救命呀", "求助", "出不去", "不让走", "不讓走",
                         "不让出去", "不讓出去"], PLEA),
        **dict.fromkeys(["报警", "報警", "警察", "害怕", "好怕", "死", "逃", "赎金", "贖金", "保安", "卖", "賣", "威胁", "威脅", "惩罚",
                         "懲罰", "危险", "危險", "出唔到", "走唔到"], DANGER),
    },
    "fil": {
        **dict.fromkeys(["tulong", "tulungan", "tulungan niyo", "saklolo", "sagipin", "iligtas", "binugbog",
                         "sinasaktan", "sinaktan", "kinuryente", "papatayin", "baril", "kinulong", "nakakulong",
                         "dinukot", "duguan", "emergency", "delikado", "kinukuryente", "binubugbog", "bugbog"], PLEA),
        **dict.fromkeys(["pulis", "di makalabas", "hindi makalabas", "di kami makalabas", "hindi kami makalabas",
                         "takot", "patay", "mamatay", "tumakas", "ransom", "guwardiya", "binenta",
                         "ibinenta", "pinaparusahan", "sakit", "tinakot"], DANGER),
    },
    "ko": {**dict.fromkeys(["살려", "살려주세요", "도와주세요", "도와줘", "구해", "구해주세요", "감금", "폭행", "맞았"], PLEA),
           **dict.fromkeys(["경찰", "무서", "죽", "도망", "납치"], DANGER)},
    "my": {**dict.fromkeys(["ကယ်ပါ", "ကယ်ကြပါ", "ကူညီပါ", "အကူအညီ", "ရိုက်", "သတ်"], PLEA),
           **dict.fromkeys(["ရဲ", "ကြောက်", "သေ", "ထွက်ပြေး"], DANGER)},
    "lo": {**dict.fromkeys(["ຊ່ວຍແດ່", "ຊ່ວຍຂ້ອຍ", "ຊ່ວຍດ້ວຍ"], PLEA),
           **dict.fromkeys(["ຊ່ວຍ", "ຕີ", "ຂ້າ", "ຕຳຫຼວດ", "ຢ້ານ", "ຕາຍ", "ໜີ"], DANGER)},
}

# The writer speaks of someone else in trouble: a relative or friend named as the subject.
SOMEONE_ELSE: Dict[str, tuple] = {
    "en": ("my son", "my daughter", "my brother", "my sister", "my husband", "my wife", "my mother", "my father",
           "my mom", "my dad", "my cousin", "my child", "my boyfriend", "my girlfriend", "my nephew",
           "my niece", "my uncle", "my aunt", "my fiance"),
    "vi": ("con toi", "con trai toi", "con gai toi", "em toi", "em trai toi", "em gai toi", "anh toi", "chi toi",
           "chong toi", "vo toi", "chau toi", "con em toi", "con tui", "em tui", "chong em"),
    "th": ("ลูกชาย", "ลูกสาว", "ลูกของ", "น้องชาย", "น้องสาว", "พี่ชาย", "พี่สาว", "สามี", "ภรรยา", "แฟนของ",
           "หลาน"),
    "id": ("anak saya", "anak kami", "adik saya", "kakak saya", "suami saya", "istri saya", "keponakan saya",
    "anak gue", "adik gue", "abang saya", "anakku", "adikku", "suamiku"),
    "ms": ("anak saya", "adik saya", "abang saya", "kakak saya", "suami saya", "isteri saya", "anak aku", "adik aku",
    "anak buah saya", "anak lelaki saya", "anak perempuan saya"),
    "km": ("កូនប្រុសខ្ញុំ", "កូនស្រីខ្ញុំ", "កូនខ្ញុំ", "ប្អូនខ្ញុំ", "ប្អូនប្រុសខ្ញុំ", "ប្អូនស្រីខ្ញុំ", "បងខ្ញុំ",
           "ប្ដីខ្ញុំ",
           "ប្រពន្ធខ្ញុំ"),
    "zh": ("我儿子", "我兒子", "我女儿", "我女兒", "我弟弟", "我妹妹", "我哥哥", "我姐姐", "我老公", "我丈夫", "我老婆",
           "我妻子", "我孩子", "我侄子", "我外甥", "我个仔", "我個仔", "我个女", "我個女", "我细佬", "我細佬"),
    "fil": ("anak ko", "kapatid ko", "asawa ko", "pinsan ko", "pamangkin ko", "anak namin",
            "kuya ko", "ate ko", "bunso ko", "tito ko"),
}

# A plea in the writer's own voice, also the one a child writes to a parent ("Mẹ cứu con").
OWN_PLEA: Dict[str, tuple] = {
    "en": ("help me", "save me", "get me out", "rescue me", "i am trapped", "i'm trapped", "im trapped", "they beat me",
           "mom help", "mum help", "dad help"),
    "vi": ("cuu con", "cuu em", "cuu toi", "giup con", "giup em voi", "me oi", "bo oi", "ba oi", "con bi",
           "con muon ve"),
    "th": ("ช่วยหนู", "ช่วยผม", "ช่วยฉัน", "แม่ช่วย", "พ่อช่วย"),
    "id": ("tolong saya", "tolong aku", "tolong kami", "selamatkan saya", "selamatkan aku", "ibu tolong",
    "mak tolong", "pak tolong"),
    "ms": ("tolong saya", "tolong aku", "tolong kami", "selamatkan saya", "mak tolong", "ayah tolong"),
    "km": ("ជួយខ្ញុំ", "ជួយកូន", "ម៉ាក់ជួយ", "ម្ដាយជួយ"),
    "zh": ("救我", "救救我", "妈妈救", "媽媽救", "爸爸救", "妈救", "媽救", "帮帮我", "幫幫我"),
    "fil": ("tulungan mo ako", "tulungan niyo ako", "iligtas mo ako", "ma tulong", "nay tulong", "tulong po"),
}

# The danger is past: the writer is out, home or safe now.
SAFE_NOW: Dict[str, tuple] = {
    "en": ("i'm home", "im home", "back home", "i am home", "i'm safe now", "im safe now", "i am safe now",
           "already home", "got home", "made it home", "after i came back", "since i came back", "got out",
           "i escaped", "we escaped", "i ran away", "i ran out", "we ran away", "was rescued", "were rescued",
           "got rescued", "survivor", "repatriated", "in a shelter", "at the shelter", "in the shelter"),
    "vi": ("da ve nha", "ve nha roi", "ve nuoc roi", "da ve nuoc", "da thoat", "thoat ra roi", "duoc giai cuu",
           "da an toan", "tron ra duoc", "tron duoc roi", "ve nuoc duoc", "ve nuoc roi", "thoat duoc", "nha tam lanh"),
    "th": ("กลับบ้านแล้ว", "กลับมาแล้ว", "กลับถึงไทย", "หนีออกมาได้", "ปลอดภัยแล้ว", "ได้รับการช่วยเหลือแล้ว",
           "ออกมาได้แล้ว"),
    "id": ("berhasil lolos", "sekarang aman", "udah aman", "sudah pulang", "udah pulang", "sudah di rumah",
           "sudah kembali", "berhasil kabur", "sudah diselamatkan",
           "sudah aman", "sudah dipulangkan", "dipulangkan", "rumah perlindungan", "di shelter", "sudah bebas",
           "udah bebas", "sudah dilepas", "udah dilepas", "udah dilepasin", "berhasil keluar"),
    "ms": ("dah balik", "sudah balik", "dah pulang", "dah selamat", "berjaya lari", "sudah diselamatkan",
           "dah dihantar pulang", "dah sampai rumah", "dah diselamatkan", "telah diselamatkan",
           "pusat perlindungan", "rumah perlindungan"),
    "km": ("ត្រឡប់មកផ្ទះវិញ", "មកដល់ផ្ទះ", "រត់រួច", "បានសង្គ្រោះ", "មានសុវត្ថិភាពហើយ", "បានមកវិញ"),
    "zh": ("已经回国", "已經回國", "回到家", "跑出来了", "跑出來了", "逃出来", "逃出來", "回国了", "回國了", "逃出来了", "逃出來了", "被解救",
           "已经安全", "已經安全", "庇护所", "庇護所", "返到屋企", "返咗嚟"),
    "fil": ("nakauwi na", "nakabalik na", "nakatakas na", "nakatakas ako", "nakatakas kami", "na-rescue na",
    "narescue na", "ligtas na", "nasa bahay na", "nasa shelter", "tumakas kami", "nakalabas na",
    "nakaalis na", "wala na kami sa loob", "wala na po kami sa loob",
            "na-repatriate"),
}

# The writer is in trouble together with the person they name ("my friend and I").
WE: Dict[str, tuple] = {
    "en": ("me and my", "my friend and i", "and i are", "and me are", "with me"),
    "vi": ("toi va", "em va", "con va", "cung toi", "cung em", "voi toi"),
    "th": ("ฉันกับ", "ผมกับ", "หนูกับ", "กับผม", "กับฉัน"),
    "id": ("saya dan", "aku dan", "bersama saya", "sama saya"),
    "ms": ("saya dan", "aku dan", "bersama saya", "dengan saya"),
    "km": ("ខ្ញុំនិង", "ជាមួយខ្ញុំ"),
    "zh": ("我和", "我跟", "和我一起", "跟我一起", "我同"),
    "fil": ("ako at", "kami ng", "kasama ko"),
}

# A threat to life: weapons, killing, being shot or stabbed. Such a message is danger now whatever else it asks
# (bot.pipeline.help_first). Only words that cannot be read another way: not 杀 alone (杀猪盘 is the scam), not
# Vietnamese "sung" alone (also "sung sướng"), nor Thai ยิง and แทง alone (ยิงแอด is running ads, แทงบอล betting),
# Filipino "patayin" (also switching off a light), Lao ຂ້າ (inside ຂ້າພະເຈົ້າ) or Burmese သတ် (inside သတ်မှတ်).
THREAT: Dict[str, tuple] = {
    "en": ("gun", "guns", "pistol", "rifle", "knife", "knives", "shoot", "shooting", "shot at", "kill", "kill me",
           "kill us", "killed", "murder", "death threat", "stab", "stabbed"),
    "vi": ("co sung", "cam sung", "khau sung", "no sung", "chia sung", "ban sung", "mang sung", "giet", "ban chet",
           "dam chet", "danh chet"),
    "th": ("ปืน", "ฆ่า", "โดนยิง", "ถูกยิง", "ยิงทิ้ง", "ยิงคน", "โดนแทง", "ถูกแทง"),
    "id": ("pistol", "senjata", "senpi", "bunuh", "dibunuh", "membunuh", "tembak", "ditembak", "pisau", "golok",
           "dibacok"),
    "ms": ("pistol", "senjata", "bunuh", "dibunuh", "tembak", "ditembak", "pisau", "parang"),
    "km": ("កាំភ្លើង", "សម្លាប់", "បាញ់", "កាំបិត"),
    "zh": ("枪", "槍", "杀了我", "杀人", "殺人", "杀死", "殺死", "要杀", "要殺", "打死", "弄死", "砍人", "持刀", "拿刀"),
    "fil": ("baril", "babarilin", "binaril", "papatayin", "pinatay", "kutsilyo", "sasaksakin", "sinaksak"),
    "ko": ("죽이", "총으로", "총을"),
    "my": ("သေနတ်",),
    "lo": ("ປືນ",),
}
