"""Hindi names of the States and UTs, for curate.py's admin-codes package (issue 16).

The names are those of the First Schedule of the Constitution of India in its Hindi text
(भारत का संविधान, the authoritative Hindi text the Legislative Department of the Ministry of
Law and Justice publishes), in the Schedule's order: 28 States, then 8 Union Territories. They
were transcribed from a public quotation of that Schedule's Hindi text, not yet compared
letter by letter with the Legislative Department's PDF: CURATION.md asks for that check. The
Schedule's spellings are kept even where common usage differs (पश्चिमी बंगाल, not पश्चिम बंगाल;
नागर हवेली; दमण). Every string is NFC (a nukta is a separate mark, as CLDR writes it).

Keyed by LGD state code; a code missing here would get a blank name, "not reported", and the
source column says which rows are ours (none are: no name here is our translation).
"""

from __future__ import annotations

import unicodedata

SOURCE = {
    "title": "भारत का संविधान (The Constitution of India, Hindi text), पहली अनुसूची (First "
             "Schedule), Legislative Department, Ministry of Law and Justice: the Hindi names of "
             "the States and Union Territories (admin-codes states.state_name_hi)",
    "path": "https://legislative.gov.in/constitution-of-india/",
}
FROM_CONSTITUTION = "constitution-first-schedule"
OUR_TRANSLATION = "our-translation"

# (LGD state code, English name in the First Schedule, Hindi name in its Hindi text)
NAMES = (
    (28, "Andhra Pradesh", "आंध्र प्रदेश"),
    (18, "Assam", "असम"),
    (10, "Bihar", "बिहार"),
    (24, "Gujarat", "गुजरात"),
    (32, "Kerala", "केरल"),
    (23, "Madhya Pradesh", "मध्य प्रदेश"),
    (33, "Tamil Nadu", "तमिलनाडु"),
    (27, "Maharashtra", "महाराष्ट्र"),
    (29, "Karnataka", "कर्नाटक"),
    (21, "Odisha", "ओडिशा"),
    (3, "Punjab", "पंजाब"),
    (8, "Rajasthan", "राजस्थान"),
    (9, "Uttar Pradesh", "उत्तर प्रदेश"),
    (19, "West Bengal", "पश्चिमी बंगाल"),
    (13, "Nagaland", "नागालैंड"),
    (6, "Haryana", "हरियाणा"),
    (2, "Himachal Pradesh", "हिमाचल प्रदेश"),
    (14, "Manipur", "मणिपुर"),
    (16, "Tripura", "त्रिपुरा"),
    (17, "Meghalaya", "मेघालय"),
    (11, "Sikkim", "सिक्किम"),
    (15, "Mizoram", "मिजोरम"),
    (12, "Arunachal Pradesh", "अरुणाचल प्रदेश"),
    (30, "Goa", "गोवा"),
    (22, "Chhattisgarh", "छत्तीसगढ़"),
    (5, "Uttarakhand", "उत्तराखंड"),
    (20, "Jharkhand", "झारखंड"),
    (36, "Telangana", "तेलंगाना"),
    (7, "Delhi", "दिल्ली"),
    (35, "The Andaman and Nicobar Islands", "अंदमान और निकोबार द्वीप"),
    (31, "Lakshadweep", "लक्षद्वीप"),
    (38, "Dadra and Nagar Haveli and Daman and Diu", "दादरा और नागर हवेली और दमण और दीव"),
    (34, "Puducherry", "पुडुचेरी"),
    (4, "Chandigarh", "चंडीगढ़"),
    (1, "Jammu and Kashmir", "जम्मू-कश्मीर"),
    (37, "Ladakh", "लद्दाख"),
)
BY_CODE = {str(code): unicodedata.normalize("NFC", hindi) for code, _, hindi in NAMES}


def hindi_name(row: dict[str, str]) -> str:
    """The Hindi name of an LGD states row, or blank (not reported)."""
    return BY_CODE.get(row["lgd_state_code"], "")


def hindi_name_source(row: dict[str, str]) -> str:
    """Where the row's Hindi name comes from: the Constitution, or blank when there is none."""
    return FROM_CONSTITUTION if row["lgd_state_code"] in BY_CODE else ""
