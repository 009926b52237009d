"""The words the name finder reads around names: titles, function words, the calendar, institutions, places."""
from __future__ import annotations

import regex


WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’\-]*")
ELISION = regex.compile(r"(?i)(?:l|d|j|m|n|s|t|c|qu|dell|dall|nell|all|sull)['’]")
WORD_OR_MARK = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’\-]*|[^\s\p{L}\p{M}]")
CASED_SCRIPT = regex.compile(r"[\p{Latin}\p{Cyrillic}\p{Greek}\p{Armenian}]")

TITLES = frozenset("""
president prime minister mr mrs ms dr king queen prince princess pope sheikh emir chancellor
secretary foreign defence defense interior spokesman spokeswoman spokesperson chief mayor governor senator
judge ambassador envoy commander colonel captain lieutenant sir lord lady deputy vice former acting sen rep
señor señora presidente presidenta ministro ministra primer primera canciller portavoz jefe rey reina
président présidente ministre premier première monsieur madame m mme porte-parole chef roi reine
präsident präsidentin kanzler kanzlerin ministerin herr frau sprecher könig
presidente ministro primo signor
президент премьер министр глава мэр губернатор пресс-секретарь
""".split())
FUNCTION_WORDS = frozenset("""
the a an this that these those in on at by for from with after before under over during while when as but
and or if it its his her their our we they he she i you there here then also some many most all one two
no not yet so to of up out into about than more according meanwhile however although despite since
le la les un une des du de en dans sur pour avec après avant selon lors mais et ou ce cette ces il elle
ils elles nous on au aux par pendant depuis
el los las una unos unas del con por para según tras entre durante desde pero y o este esta estos estas
der die das ein eine einer im am nach mit bei von vom zum zur und oder aber auch dieser diese
il lo gli i della nel nella con per dopo ma e questo questa
o os as um uma do da dos das no na em pelo pela mas
het een van op met voor bij maar en dat deze
в на по с после до и но а это этот эта что как
""".split())
CALENDAR = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december
lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août
septembre octobre novembre décembre
lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio julio agosto
septiembre octubre noviembre diciembre
montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz juni juli oktober dezember
lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio aprile maggio giugno luglio
settembre ottobre dicembre
понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье января февраля марта
апреля мая июня июля августа сентября октября ноября декабря
""".split())
CONNECTORS = frozenset("de del della di da van von der den bin ibn al el la of".split())
ORGANISATION_WORDS = frozenset("""
ministry ministerio ministère ministerium министерство council conseil consejo rat совет union unión
party partido parti partei партия army armée ejército armee армия forces fuerzas bank banco banque
университет university université universidad universität committee comité comisión commission agency
agencia agence agentur агентство organisation organization organización organisation office bureau
news times post press tv radio corp inc ltd company group court tribunal police policía brigade brigades
nations federation fédération federación association asociación institute instituto institut
""".split())
# Words of bylines and page furniture that survive cleaning ("Staff Reporter").
BYLINE_WORDS = frozenset("""
staff reporter reporters correspondent correspondents desk editor editors agencies agency newsroom
rédaction correspondant redacción corresponsal redaktion korrespondent корреспондент
""".split())
# A first word that makes a name a place or a region, never a person with a
# surname: "North Darfur" is not "Darfur" as "Benjamin Netanyahu" is "Netanyahu".
GEO_WORDS = frozenset("""
north south east west northern southern eastern western central upper lower greater new old port saint st
lake mount cape gulf río rio lac mont
""".split())
# Nationality adjectives English capitalises ("Sudanese", "Turkish") are not
# entities: those of a place are found through the place index
# (:func:`.places.place_of_demonym`), these belong to no one place.
DEMONYMS = frozenset("arab arabs european europeans african africans asian asians kurdish kurds".split())
# Languages where "el" and "al" are articles, not the first word of a name (El Fasher, Al Jazeera).
ROMANCE = frozenset({"es", "it", "pt", "ca", "gl", "ro"})
BUILDING_WORDS = frozenset("house palace hall building tower street square kremlin élysée maison palais casa palacio".split())
# Names the place index has (from CLDR's territory list) that are organisations.
ORGANISATION_TERRITORIES = frozenset({"United Nations", "European Union", "Eurozone"})
# Words for a kind of place: in scripts without capitals nothing marks them as
# common nouns, and the place index knows some as names (المدينة, Medina).
PLACE_NOUNS = frozenset("""
مدينة المدينة ولاية الولاية منطقة المنطقة محافظة المحافظة عاصمة العاصمة قرية القرية دولة الدولة بلدة البلدة
إقليم الإقليم مخيم المخيم
শহর শহরের রাজধানী গ্রাম দেশ জেলা বিভাগ প্রদেশ
शहर राजधानी गांव देश जिला राज्य
""".split())
NISBA = ("ية", "يين", "يون", "ي")  # Arabic adjective endings: السوداني (Sudanese) is no Sudan
SURNAME_SIMILARITY = 0.85  # Netanyahu / Netanyahou meet; Ndiaye / Ndayane do not
MAX_NAME_WORDS = 4
MIN_GLUED = 5  # shortest name looked for at the start of a glued word
MIN_CASELESS_LETTERS = 3  # بـ, في, ও: shorter words are never names
MIN_CASELESS_STEM = 4  # a caseless word meets a place without its ending only on a stem this long
ARABIC_MARKS = regex.compile("[\u0640\u064b-\u0652\u0670]")
# Marks after which a clause starts like a sentence. A straight double quote
# opens only every other time: after a closing one comes the speaker
# ('"...," Zhumabekov told'), a name like any other.
OPENING_MARKS = frozenset("«“„‘(:—–-")
CALENDAR_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun".split())
