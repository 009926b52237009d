"""Page clutter in plain-text scrapes, recognised line by line.

Saved pages arrive with weather headers, navigation crumbs, share buttons,
comment forms, author bios, keyword lists and "read also" lists of unrelated
headlines. Keeping them would make unrelated articles look alike (every page
of one outlet shares them), so they are removed while every body line stays.

The rules are data: a line is clutter when it matches one of the patterns, or
when it lies inside a *section* (a "Read also" / "Most popular" heading and
the run of short headline-like lines after it).

>>> lines = ["Dhaka 31°C | Haze", "Home > World > Middle East", "Talks resume in Doha",
...          "Negotiators met on Monday to discuss a pause in the fighting.",
...          "Read also:", "Heatwave hits the capital", "Cup final tonight",
...          "Tags: Gaza, Qatar, ceasefire"]
>>> [l for l, c in zip(lines, classify_lines(lines)) if not c]
['Talks resume in Doha', 'Negotiators met on Monday to discuss a pause in the fighting.']
"""
from __future__ import annotations

import re

# Headings that open a list of other articles; the list after them goes too.
SECTION_HEADINGS = [
    r"read (also|more|next)", r"see also", r"also read", r"related( articles| stories| news| posts)?",
    r"more (from|on|stories|news)", r"most (popular|read|viewed|shared)", r"trending( now)?",
    r"recommended( for you)?", r"you may (also )?like", r"latest (news|stories)", r"top stories",
    r"(next|previous) (article|story|post)", r"article (suivant|précédent)", r"(siguiente|anterior) noticia",
    r"следующая (новость|статья)", r"পরের খবর", r"আগের খবর", r"الخبر (التالي|السابق)", r"المقال التالي",
    r"lire aussi", r"à lire aussi", r"voir aussi", r"leer también", r"lea también", r"más noticias",
    r"lesen sie auch", r"mehr zum thema", r"leggi anche", r"lees ook", r"leia também",
    r"читайте также", r"по теме", r"यह भी पढ़ें", r"ये भी पढ़ें", r"संबंधित खबरें",
    r"আরও পড়ুন", r"আরো পড়ুন", r"আরও পড়ুন", r"সম্পর্কিত খবর", r"সর্বাধিক পঠিত", r"সর্বশেষ",
    r"اقرأ أيضا", r"اقرأ أيضاً", r"إقرأ أيضا", r"إقرأ أيضاً", r"اقرأ ايضا", r"مواضيع ذات صلة",
    r"أخبار ذات صلة", r"الأكثر قراءة", r"الأكثر مشاهدة", r"اخترنا لك",
    r"相关(新闻|阅读|文章)", r"延伸阅读", r"热门(新闻|文章)",
]

# Lines that are clutter by themselves when they are not full sentences.
LINE_PATTERNS = [
    # weather headers: a temperature in a short line
    r"^.{0,60}\d{1,2}(\.\d)?\s*(°\s*[CF]?|℃|℉).{0,60}$",
    # …and without the degree sign, as text scrapes often lose it: "0.6 C", "Bogotá 17 C Lluvias"
    r"^[^\d.!?।؟]{0,40}?[-−+]?\d{1,2}([.,]\d)?\s*(C|F|مئوية|সে\.?|সেলসিয়াস)(?!\w)[^.!?।؟\d]{0,40}$",
    # publication stamps (see STAMP) and relative times: "منذ 3 ساعات", "3 hours ago"
    r"^(\d+|an?|one)\s+(minutes?|hours?|days?)\s+ago$|^il y a \d+\s+(minutes?|heures?|jours?)$|"
    r"^hace \d+\s+(minutos?|horas?|días?)$|^\d+\s+(минут[ауы]?|час(а|ов)?|дн(я|ей))\s+назад$|"
    r"^منذ\s+\d+\s+(دقيقة|دقائق|ساعة|ساعات|يوم|أيام)$|^\d+\s+(মিনিট|ঘণ্টা|দিন)\s+আগে$",
    # market and news tickers
    r"[▲▼△▽↑↓]\s*\d", r"^(breaking|live|urgent|just in|عاجل|срочно|último momento|dernière minute|ব্রেকিং)\s*[:：|]",
    # keyword and tag lists
    r"^(tags?|keywords?|topics?|mots[- ]clés|thèmes|sujets|schlagwörter|etiquetas|temas|ключевые слова|теги|темы|"
    r"ট্যাগ|ট্যাগস|ট্যাগসমূহ|বিষয়|كلمات مفتاحية|الكلمات الدالة|الكلمات المفتاحية|وسوم|标签|关键词)\s*[:：]",
    # sources, credits and copyright
    r"^(source|sources|fuente|quelle|источник|সূত্র|المصدر|来源)\s*[:：]",
    r"^(photo|image|picture|file photo|ছবি|صورة)\s*[:：]",
    # share buttons and subscription prompts
    r"^(share( this)?( on)?|tweet|print|email|facebook|twitter|whatsapp|telegram|linkedin|copy link)"
    r"([\s|/•·,]+(facebook|twitter|whatsapp|telegram|linkedin|email|print|x))*\s*$",
    r"^(subscribe|sign up|newsletter|follow us)\b.{0,80}$",
    # "Share", "Share on Facebook" in scripts that put the network first (ফেসবুকে শেয়ার করুন)
    r"^(\S+\s+){0,2}(শেয়ার করুন|শেয়ার করুন|شارك|مشاركة|поделиться)(\s+\S+){0,2}\s*[:：]?\s*$",
    r"^(আমাদের অনুসরণ করুন|আমাদের ফলো করুন|تابعونا|تابعنا|подписывайтесь|suivez-nous|síguenos)\b.{0,60}$",
    r"^(name|email|website|comment|nom|nombre|имя|নাম|ইমেইল|الاسم|البريد الإلكتروني)\s*\*?\s*[:：]?\s*$",
    r"^(comments?|commentaires|kommentare|comentarios|মন্তব্য|التعليقات)\s*(\(\d+\))?\s*$",
    # advertising and navigation words standing alone
    r"^(advertisement|sponsored|ad|বিজ্ঞাপন|إعلان|anzeige|publicité|publicidad|реклама)\s*$",
    r"^(home|menu|search|log ?in|sign in|back to top|skip to content)\s*$",
    r"^(about the author|about the writer|লেখক পরিচিতি|عن الكاتب|نبذة عن الكاتب)\b",
]

# Lines that are clutter even when written as sentences.
SENTENCE_PATTERNS = [
    # comment forms
    r"(leave a (comment|reply)|post (a )?comment|your email address will not be published|"
    r"required fields are marked|add (a )?comment|মন্তব্য করুন|মন্তব্য লিখুন|أضف تعليق|اترك تعليقا)",
    # copyright
    r"©|\(c\)\s*\d{4}|all rights reserved|সর্বস্বত্ব|جميع الحقوق محفوظة",
    # cookie notices
    r"\b(we use cookies|this (web)?site uses cookies|cookie (settings|policy|preferences)|utilizamos cookies|"
    r"usamos cookies|nous utilisons des cookies|ce site utilise des cookies|wir verwenden cookies|"
    r"мы используем (файлы )?cookie|نستخدم ملفات (تعريف )?الارتباط|কুকি ব্যবহার)",
    # author bios: "<Name> is a senior correspondent for <Outlet>."
    r"^[^,;]{0,60}\b(is|was) an? (senior |staff |special |chief |freelance )?"
    r"(correspondent|reporter|journalist|editor|columnist|writer) (for|at|with) [^,;]{0,80}$",
]

# A publication stamp: "Published: 8 May 2024, 17:05", "প্রকাশিত: …". Clutter in
# the body, but the best date a page gives, so cleaning reads it first.
STAMP = (r"^(published|updated|posted|last updated|publié|mis à jour|publicado|actualizado|опубликовано|"
         r"обновлено|প্রকাশিত|প্রকাশ|আপডেট|نشر|نُشر|تاريخ النشر|آخر تحديث)\b.{0,80}$")

# Photo captions: a line that ends with its credit, "(Photo: AFP)", "… ছবি: বিসিবি", "(أرشيفية)".
CAPTION_PATTERNS = [
    r"[(（]\s*(file photo|photos?|fotos?|фото|image|images|cr[ée]dit|ছবি|صورة|تصوير|المصدر|source|fuente|quelle|"
    r"источник)\s*[:：][^()]{1,80}[)）]\s*$",
    r"(^|[.!?।]\s+|\s[-–—]\s)(photo|foto|фото|ছবি|صورة|تصوير)\s*[:：]\s*[^.!?]{1,60}$",
    r"[(\-–—]\s*(أرشيفية|أرشيف|archive|archives|archivo|архив)\s*\)?\s*$",
]

# Bylines: "By Sarah Whitcombe | March 5, 2024", "Por Andrés Quintero Rojas · 22 de abril".
BYLINE_PATTERNS = [
    r"^(by|par|por|door)\s+[A-ZÀ-ÞА-Я][\w'’.-]*(\s+[A-ZÀ-ÞА-Я][\w'’.-]*){0,3}\s*([·|•—–,]|$)",
    r"^(автор|текст|লেখক|بقلم|كتب|كتبت)\s*[:：]?\s+\S",
    # a desk or place byline standing alone: "স্বাস্থ্য প্রতিবেদক", "Staff correspondent"
    r"^\S+(\s\S+){0,3}\s(প্রতিবেদক|প্রতিনিধি|correspondent|reporter|корреспондент|مراسل|مراسلة)\s*$",
]

# Author bios, recognised only at the end of an article: a name, then what
# the person does at the outlet. Body sentences name reporters too, so
# these are never applied in the middle of a text.
BIO_PATTERNS = [
    r"^[^.!?,;]{3,60}?\s(is|was|est|es|è|ist|war)\s+[^.!?]{0,60}?\b(reporter|correspondent|journalist|editor|columnist|"
    r"writer|journaliste|correspondante?|rédact(eur|rice)|chroniqueu?r|periodista|corresponsal|redactora?|"
    r"giornalista|corrispondente|journalistin|korrespondent(in)?|redakteur(in)?)\b",
    r"^[^.!?,;]{3,60}?\s(covers|couvre|cubre|writes about|écrit sur|escribe sobre)\s",
    r"^[^.!?,;]{3,60}?\s[—–-]\s(корреспондент|обозреватель|журналист|редактор|колумнист)",
    r"^(about the author|about the writer|об авторе|عن الكاتب|نبذة عن الكاتب|লেখক পরিচিতি)\b",
    r"^[^.،]{3,40}\s(صحافي|صحافية|صحفي|صحفية|محرر|محررة|مراسل|مراسلة)\s",
    r"^[^।]{3,60}(প্রতিনিধি|প্রতিবেদক|সাংবাদিক|সম্পাদক)",
]

# Navigation crumbs: several short items joined by separators.
CRUMB_SEPARATORS = r"\s*(>|»|›|\||/|•|·|→|::)\s*"

# The header of a reader's comment, as blog software prints it.
_comment_header = re.compile(r"^.{1,60}\s(on|le|el|am)\s.{6,40}\d.{0,20}\s(said|says|wrote|a dit|dijo|écrit)\s*:?$",
                             re.IGNORECASE)
_section_re = re.compile(r"^\W*(" + "|".join(SECTION_HEADINGS) + r")\W*$", re.IGNORECASE)
_line_res = [re.compile(p, re.IGNORECASE) for p in LINE_PATTERNS + [STAMP]]
_stamp_re = re.compile(STAMP, re.IGNORECASE)
_sentence_res = [re.compile(p, re.IGNORECASE) for p in SENTENCE_PATTERNS + CAPTION_PATTERNS + BYLINE_PATTERNS[1:]]
_byline_res = [re.compile(BYLINE_PATTERNS[0])] + [re.compile(p, re.IGNORECASE) for p in BYLINE_PATTERNS[1:]]
_bio_res = [re.compile(p, re.IGNORECASE) for p in BIO_PATTERNS]
_crumb_split = re.compile(CRUMB_SEPARATORS)
_sentence_end = re.compile(r"[.!?।؟。！？…\"'”»]\s*$")


def is_crumb(line: str) -> bool:
    """Navigation crumbs: 3+ short parts joined by separators, no sentence.

    >>> is_crumb("Home | World | Middle East"), is_crumb("প্রচ্ছদ » আন্তর্জাতিক » মধ্যপ্রাচ্য")
    (True, True)
    >>> is_crumb("The ceasefire, agreed on 1/2/2024, held.")
    False
    """
    parts = [p for p in _crumb_split.split(line) if p and not _crumb_split.fullmatch(p)]
    parts = [p for p in parts if p.strip()]
    separators = len(_crumb_split.findall(line))
    return separators >= 2 and len(parts) >= 3 and all(len(p) <= 30 for p in parts) and not _sentence_end.search(line)


def is_clutter_line(line: str) -> bool:
    """One line, judged alone."""
    stripped = line.strip()
    if not stripped:
        return False
    if len(stripped) > 300:
        return False  # a paragraph of body text, whatever it mentions
    if any(r.search(stripped) for r in _sentence_res) or _is_byline(stripped) or _comment_header.match(stripped):
        return True
    if is_sentence(stripped):
        return False  # "Temperatures reached 45°C on Monday." is news, not a header
    return is_crumb(stripped) or any(r.search(stripped) for r in _line_res)


def _is_byline(line: str) -> bool:
    # Case matters for the name after "By", so "By 2030, the city …" is no byline;
    # the opening word may be written either way.
    return len(line) <= 120 and (bool(_byline_res[0].match(line[:1].upper() + line[1:]))
                                 or bool(_byline_res[0].match(line[:1].lower() + line[1:])))


def is_bio(line: str) -> bool:
    """An author bio ("X is a city reporter based in Montréal. …"); only meaningful at an article's end.

    >>> is_bio("Tom Ridley is the Gazette's local government reporter. He has covered the council.")
    True
    >>> is_bio("The council said the reporter had asked for the figures.")
    False
    """
    return any(r.search(line.strip()) for r in _bio_res)


def is_stamp(line: str) -> bool:
    """A publication stamp ("Published: …", "Mis à jour le …") or a byline ("By X | March 5, 2024")."""
    return bool(_stamp_re.match(line.strip())) or _is_byline(line.strip())


def is_sentence(line: str) -> bool:
    """A full sentence: several words and closing punctuation."""
    return len(line.split()) >= 6 and bool(_sentence_end.search(line))


def is_comment_start(line: str) -> bool:
    """A reader's comment's header, where comments begin. (A "Comments" heading alone
    says little: pages print "0 Comments" beside the byline.)

    >>> is_comment_start("Alex on September 17, 2018 at 6:34 am said:"), is_comment_start("10 Comments")
    (True, False)
    """
    return bool(_comment_header.match(line.strip()))


def is_section_heading(line: str) -> bool:
    """A heading that starts other content: "Read also", "Related", or a reader's comment
    ("Alex on September 17, 2018 at 6:34 am said:").

    >>> is_section_heading("Catherine (GiveWell) on September 19, 2018 at 12:48 pm said:")
    True
    """
    stripped = line.strip()
    return (bool(_section_re.match(stripped)) and len(stripped) < 60) or bool(_comment_header.match(stripped))


def _is_headline_like(line: str) -> bool:
    """Short and not ending a sentence: how a list of linked headlines looks."""
    stripped = line.strip()
    return 0 < len(stripped) <= 140 and not stripped.endswith((".", "।", "。"))


def classify_lines(lines: list[str]) -> list[bool]:
    """For each line, True when it is clutter."""
    flags = [is_clutter_line(line) for line in lines]
    i = 0
    while i < len(lines):
        if is_section_heading(lines[i]):
            flags[i] = True
            j = i + 1
            while j < len(lines) and (not lines[j].strip() or _is_headline_like(lines[j])):
                flags[j] = bool(lines[j].strip()) or flags[j]
                j += 1
            i = j
        else:
            i += 1
    return flags
