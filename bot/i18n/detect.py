"""Which of Lifeline's languages a message is written in.

langdetect is the statistical core (its algorithm run on numpy vectors: :mod:`bot.i18n.langdetect_numpy`). Around
it:
- Unicode scripts decide Khmer, Thai and Chinese outright (and recognise Lao, Myanmar, Japanese and Korean, which
  Lifeline does not speak), since langdetect has no Khmer profile and is unreliable on a few characters;
- Vietnamese is recognised by its letters, and when typed without diacritics by its syllables;
- Filipino (Tagalog, and Taglish, its everyday mix with English) by its function words and particles (po, yung,
  ang, ng, mga, namin, kasi, naman...), which neither Malay, Indonesian nor English uses;
- Malay and Indonesian, which langdetect cannot tell apart (it has no Malay profile), are told apart by the words
  each uses and the other does not (tak/tidak, nak/mau, kereta/mobil, pejabat/kantor, macam mana/gimana...);
- the client's language (Telegram's ``language_code``) breaks ties;
- a message with nothing to go on ("ok", a number, an emoji, a place name) returns no language, so the
  conversation keeps the one it has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, Optional, Tuple

from langdetect import DetectorFactory, LangDetectException
from langdetect.detector_factory import init_factory

from bot.i18n import malay_indonesian
from bot.i18n.folding import fold_text
from bot.i18n.langdetect_numpy import create as create_detector
from bot.i18n.languages import supported
from bot.places import gazetteer

# Scripts that settle the language by themselves (ranges of Unicode blocks).
SCRIPTS: Tuple[Tuple[str, Tuple[Tuple[int, int], ...]], ...] = (
    ("km", ((0x1780, 0x17FF), (0x19E0, 0x19FF))),
    ("th", ((0x0E00, 0x0E7F),)),
    ("lo", ((0x0E80, 0x0EFF),)),
    ("my", ((0x1000, 0x109F), (0xAA60, 0xAA7F))),
    ("ja", ((0x3040, 0x30FF),)),
    ("ko", ((0xAC00, 0xD7AF), (0x1100, 0x11FF))),
    ("zh", ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF))),
)

# Letters only Vietnamese uses among Lifeline's languages.
VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}

# Tagalog's polite particles: one of them, even alone after a place name ("poipet po"), is Filipino.
POLITE = ("po", "opo")

# Words that mark a language in chat, beyond what langdetect knows. Short, common and distinctive words only.
MARKERS: Dict[str, Dict[str, float]] = {
    "en": dict.fromkeys(
        "the is are am was were my me i you your to of and in on at we they he she it this that what how where "
        "when why who please help can cant can't not dont don't do does did have has want need will would should "
        "could get go going know there here now because but with for from been be our us them their any some "
        "just really very about after before again still already yes no hi hello thanks thank sorry ok okay good "
        "morning night anyone someone anything everything nothing nope yeah yep sure maybe idk wait moment take care "
        "see bye tell talk speak call give let leave come came went got took told said say think like much many "
        "more lot too also only one two day days week month time today tomorrow yesterday tonight back out up "
        "down off over understand understood hey dear sir madam guys people man woman friend family brother "
        "sister mother mom dad son daughter wife husband which whose if than then so im ive its thats theres "
        "should where's what's lost money work job building room door home country safe free run".split(),
        1.0,
    ),
    "vi": {
        **dict.fromkeys(
            "toi minh khong ko hok duoc dc nguoi giup voi cua nhung dang roi chua nhe oi cung viec tien lam "
            "muon biet sao gi nao duoc the nhieu qua hay vay thi ma nay kia chi anh em bi ho chieu chuoc cong "
            "ty xin chao cam on ban oi nha ve ngay dau can giu dan lua dao tro dong tu do mat lien lac e r a k j z "
            "ng vs bt cx ms dt sdt ad ah uh vang da hieu sap het ten no gio toan mai nhan lai met thoat dung ai "
            "lap cai chich dien que nghe rep tieng nhiu nhieu bao nhieu tai sao the nao ve nuoc lam on mn "
            "moi nguoi ho tro hang thang luong danh bo chay tron tron thoat canh sat cong an dai su quan giay "
            "to vao ra len xuong day kia ay bay gio hom qua sang toi chieu dem".split(),
            1.0,
        ),
        **dict.fromkeys(
            "khong duoc nguoi giup nhung chua nhe viec muon biet chieu chuoc lien dc ko hok thoat nhiu "
            "nuoc canh cong quan giay hieu".split(),
            2.0,
        ),
    },
    # Tagalog's function words carry Taglish: "help po, kinuha nila yung passport ko" is Filipino with English nouns.
    "fil": {
        **dict.fromkeys(
            "ang ng sa mga ako ko ikaw ka mo siya sila nila kayo niyo nyo ninyo namin natin kami tayo amin atin "
            "akin sakin samin sayo kanila ito yan iyan yun iyon dito dyan diyan doon andito nandito nandyan nasa "
            "asan nasaan saan bakit ano anong sino kailan paano pano magkano ilan hindi wala walang meron may "
            "mayroon ba pa na naman lang din rin nga daw raw kasi kaya pero tapos kung pag para nang yung iyong "
            "hindi wag huwag sige oo opo po oho salamat pasensya tulong tulungan tulong po pwede puwede gusto "
            "ayaw ayoko kailangan alam ngayon bukas kahapon kagabi mamaya trabaho sahod amo pera bayad bayaran "
            "utang pulis embahada umuwi uwi makauwi nakatakas tumakas kinuha binugbog sinaktan kinulong "
            "nakakulong ate kuya nanay tatay kapatid asawa pamilya pinsan tito tita lola lolo nmn naman "
            "sna sana kc d2 dun jan tlga talaga sobra grabe ganito ganyan ngayon po ba kami makalabas lumabas "
            "makaalis umalis pinapa pinipilit takot natatakot tao bahay balita sabi pala lahat muna kanina ulit dahil "
            "kahit baka siguro ganun paki pakiusap".split(),
            1.0,
        ),
        **dict.fromkeys(
            "po opo yung mga namin niyo nyo ninyo natin kasi naman talaga tulungan paano pano nasaan "
            "ako ko hindi wala walang ba lang daw kami sila nila dito sakin samin ngayon kinuha gusto pwede".split(),
            2.0,
        ),
        **dict.fromkeys("yung".split(), 3.0),
        **dict.fromkeys(POLITE, 4.0),
    },
    "msid": dict.fromkeys(
        "saya aku kami kita mereka dia tidak ini itu yang dan di ke dari tolong apa ada sudah belum akan dengan "
        "untuk orang kerja pulang bantu bantuan sini situ sana berapa kenapa mana mahu minta terima kasih "
        "selamat pagi malam nanti sekarang lagi juga tapi atau jika kalau boleh bisa harus perlu keluarga "
        "anak suami isteri istri ibu bapak pak kak abang bang adik teman kawan wang uang duit polis polisi "
        "pasport paspor majikan bos ditahan dipukul disiksa tebusan bayar gaji kerja syarikat perusahaan "
        "sangat sekali banyak sikit sedikit baru dulu lama cepat tempat rumah hari ya tak nak mau gak".split(),
        1.0,
    ),
}

INDONESIAN = dict.fromkeys(
    "gak nggak ngga enggak ga udah udh aja banget bgt bisa mau kantor mobil gimana gmn dong sih kok deh nih tuh "
    "uang polisi gue gua gw lu lo kamu tolongin dikit kayak kyk emang pengen pake kerjaan cuma doang makasih "
    "trus ntar gitu gini kapan besok kemarin paspor perusahaan teman telepon telpon hp bilang ngomong "
    "lihat liat sampe wkwk wkwkwk bapak ibu kakak mas mbak min yg tdk sy tlg kmrn lg jg blm sdh dgn utk krn "
    "bohong nipu ditipu bayarin dipaksa diculik kabur pulangin ketemu belom nomor hapus ngerti bener iya oke "
    "dadah ceritain lelucon dipindahin katanya gimana kenapa sampe capek takut banget nyari ngasih kasih tau "
    "kasitau nelpon ngapain udahan dimana sini mas rumah sakit dokter toko gratis paham karena capek obat bis "
    "taksi pesawat bandara perbatasan imigrasi utang disiksa darurat kabar nanya soalnya pokoknya korban "
    "penjahat butuh coba kerjaan agen pt gw elu yuk gan nyuruh disuruh nyampe ngerasa ngajak nungguin "
    "kasihan anjir anjing mending lagian sekalian".split(),
    1.0,
)
MALAY = dict.fromkeys(
    "tak x nak boleh macam mcm camne cam awak kau kat dekat je jer jugak tu ni dah pejabat kereta polis duit wang "
    "syarikat kawan telefon fon pasport bagi cakap balik sikit sekejap kejap tengok mesti takde tiada saje ape "
    "ke ye semalam esok bila lepas diorang dorang korang ambik kena sebab pastu lagi2 tqvm tq terima kasih "
    "bantu kerajaan kedutaan tuan encik puan makcik pakcik ramai betul sangat kan ni la lah bilik sesiapa "
    "bagitau bagitahu mangsa penjenayah cuba perlukan nombor rekod jom padam tolak jenaka mak ayah abah "
    "kenape camtu camni tau beritahu lelaki senyap kna blah okla luar negara dengar tengah duduk sini rasa mintak "
    "pun dapat".split(),
    1.0,
)
# Words that are Malay or Indonesian in general carry no vote between the two.
for _shared in ("lagi2", "bantu", "terima", "kasih", "betul", "kan", "lah", "la", "aku", "sini", "tau", "rasa"):
    INDONESIAN.pop(_shared, None)
    MALAY.pop(_shared, None)

_WORD = re.compile(r"[a-z][a-z0-9']*")
_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|#\w+|/\w+|\d+")
MIN_LETTERS = 3
POLITE_WORDS = frozenset(POLITE)
# How much the character n-gram vote counts against one marker word, and its lean towards Malay removed
# (both set on the development set, bench/data/language_eval).
STATISTICAL_WEIGHT = 2.0
STATISTICAL_BIAS = 0.1
# Below this lean either way, the language the client names (Telegram's language_code) decides.
TIE = 0.5


@dataclass(frozen=True)
class Detection:
    """The language of one message: a supported code, an unsupported one (``lo``, ``my``...), or None."""

    language: Optional[str]
    confident: bool = False

    @property
    def supported(self) -> Optional[str]:
        return supported(self.language)


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    init_factory()
    from langdetect import detector_factory

    factory = detector_factory._factory
    factory.set_seed(0)
    return factory


def langdetect_probabilities(text: str) -> Dict[str, float]:
    """langdetect's probabilities for ``text`` (empty when it has nothing to say)."""
    try:
        detector = create_detector(_factory())
        detector.append(text)
        return {p.lang: p.prob for p in detector.get_probabilities()}
    except LangDetectException:
        return {}


def _script(text: str) -> Tuple[Optional[str], int]:
    """The non-Latin script with the most letters in ``text``, and how many letters are Latin."""
    counts: Dict[str, int] = {}
    latin = 0
    for char in text:
        code = ord(char)
        if char.isascii() and char.isalpha() or 0x00C0 <= code <= 0x024F or 0x1E00 <= code <= 0x1EFF:
            latin += 1
            continue
        for language, ranges in SCRIPTS:
            if any(low <= code <= high for low, high in ranges):
                counts[language] = counts.get(language, 0) + 1
                break
    if not counts:
        return None, latin
    return max(counts, key=counts.get), latin


def _without_places(text: str) -> Tuple[str, set]:
    """The message without place names and nationalities (words of any language), and the nationalities named."""
    matches = gazetteer().find(text)
    # A word with two meanings ("thai", "filipino": a nationality and a language) is one span, cut once.
    for start, end in sorted({(m.start, m.end) for m in matches}, reverse=True):
        text = text[:start] + " " + text[end:]
    return text, {m.value for m in matches if m.entity in ("nationality", "country")}


def _score(words: Iterable[str], lexicon: Dict[str, float]) -> float:
    return sum(lexicon.get(word, 0.0) for word in words)


def _malay_or_indonesian(words: list, prior: Optional[str], nationalities: set) -> Tuple[Optional[str], bool]:
    folded = " ".join(words)
    malay = _score(words, MALAY) + 2 * len(re.findall(r"\b(macam mana|boleh tak|tak boleh|tak ada)\b", folded))
    indonesian = _score(words, INDONESIAN) + 2 * len(re.findall(r"\b(gak bisa|nggak bisa|tidak bisa)\b", folded))
    # Saying "I am Malaysian" in Malay-or-Indonesian is a hint of which one it is.
    malay += 1.0 if "MY" in nationalities else 0.0
    indonesian += 1.0 if "ID" in nationalities else 0.0
    lean = malay - indonesian + STATISTICAL_WEIGHT * (malay_indonesian.model().log_odds(folded) - STATISTICAL_BIAS)
    if abs(lean) < TIE and prior in ("ms", "id"):
        return prior, False
    return ("ms" if lean > 0 else "id"), abs(lean) >= 2


def detect(text: str, prior: Optional[str] = None) -> Detection:
    """The language of one chat message; ``prior`` is what the client says the person uses (may be None)."""
    prior = supported(prior)
    script, latin = _script(text)
    if script is not None:
        return Detection(script, confident=True)
    if any(char in VIETNAMESE_LETTERS for char in text):
        return Detection("vi", confident=True)
    without_places, nationalities = _without_places(text)
    cleaned = fold_text(_NOISE.sub(" ", without_places))
    words = _WORD.findall(cleaned)
    if sum(len(w) for w in words) < MIN_LETTERS and not POLITE_WORDS.intersection(words):
        return Detection(None)
    scores = {
        "en": _score(words, MARKERS["en"]),
        "vi": _score(words, MARKERS["vi"]),
        "msid": _score(words, MARKERS["msid"]) + _score(words, INDONESIAN) + _score(words, MALAY),
        "fil": _score(words, MARKERS["fil"]),
    }
    # langdetect moves the gap between two languages by 2 at most: when the marker words already decide the
    # language and its confidence, the statistics are not needed (they are the slow part).
    leading = sorted(scores.values(), reverse=True)
    if leading[0] - leading[1] < 4:
        statistics = langdetect_probabilities(" ".join(words))
        scores["en"] += 2 * statistics.get("en", 0.0)
        scores["vi"] += 2 * statistics.get("vi", 0.0)
        # langdetect's Tagalog profile claims most short Malay, Indonesian and even English messages, so it
        # counts only (half) towards Malay-Indonesian, as before Filipino was spoken; Tagalog's markers decide.
        scores["msid"] += 2 * (statistics.get("id", 0.0) + statistics.get("ms", 0.0) + statistics.get("tl", 0.0) / 2)
    favoured = "msid" if prior in ("ms", "id") else prior
    if favoured in scores:
        scores[favoured] += 0.5
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 1.0:
        return Detection(None)
    confident = top - second >= 2.0 and len(words) >= 2
    if best == "en" and POLITE_WORDS.intersection(words):
        # English with "po" ("please help po") is written by a Filipino: Taglish, though not a clear switch.
        return Detection("fil")
    if best == "msid":
        language, sure = _malay_or_indonesian(words, prior, nationalities)
        return Detection(language, confident=confident and sure)
    return Detection(best, confident=confident)
