# ruff: noqa: E501  (transcribed rows: one source row per line, as in a CSV)
"""District figures and national Har Ghar Jal counts, from round-2's notes 03 and 04 (section G).

District rows name their LGD district code (matched by name to admin-codes; Subarnapur is LGD's
'SONEPUR', Charkhi Dadri its 'CHARKI DADRI'), keep the figure as printed and the source's wording
of the metric, and say in ``caveat`` what a figure is not (the Odisha JJM-IMIS counts cover the
district's DDP blocks only, and count households, not taps). A district named as having reached
'Har Ghar Jal' is a row of value 100 (percent of rural households with a tap), as in
state_mentions. The national counts are one row per date and source, a column per unit as printed.
Left out (see jjm-coverage's CURATION.md): the Mirzapur-Sonbhadra project scope (a target for two
districts together), Burhanpur's award of 2 Oct 2022 (no figure), the aspirational districts of
May 2023 (counts per State, not national), Uttar Pradesh's undated 26,564 certified villages, Goa's
and DNH&DD's certification (facts without counts) and the Andhra Pradesh B1 copy (misaligned).
"""

from __future__ import annotations

from round_2 import rows

DISTRICT_HEADER = [
    "as_of", "as_of_note", "date_inferred", "state_name", "lgd_state_code",
    "district_name_published", "lgd_district_code", "metric", "metric_as_printed", "value",
    "unit", "qualifier", "source_id", "caveat", "note",
]
DISTRICT_METRICS = {
    "total_rural_hh": "households", "hh_with_tap": "households",
    "pct_rural_hh_with_tap": "percent", "tribal_hh_with_tap": "households",
    "families_with_tap": "families", "total_rural_hh_lakh": "lakh households",
    "hh_with_tap_lakh": "lakh households", "villages_har_ghar_jal_certified": "villages",
    "schools_with_tap": "schools", "anganwadi_centres_with_tap": "centres",
    "other_public_institutions_with_tap": "institutions", "women_trained_ftk": "women",
    "ddp_blocks": "blocks", "panchayats": "gram panchayats", "total_villages": "villages",
    "villages": "villages", "habitations": "habitations", "households": "households",
    "population": "persons",
}

BURHANPUR = "2022-07-22,,false,Madhya Pradesh,23,Burhanpur,397"
HARYANA = ("2021-07-02,,false,Haryana,6,{name},{code},pct_rural_hh_with_tap,"
           "achieved the 'Har Ghar Jal' target,100,percent,,S66,,"
           "\"{when}; value 100 stands for the target reached (every rural household with a tap), as the source names it. '12 out of 22 districts' by 2 Jul 2021.\"")
HARYANA_DISTRICTS = [  # (as printed, LGD code, named before or with the 2 Jul 2021 statement)
    ("Ambala", 58, "earlier"), ("Faridabad", 60, "earlier"), ("Gurugram", 62, "earlier"),
    ("Kaithal", 66, "earlier"), ("Karnal", 67, "earlier"), ("Kurukshetra", 68, "earlier"),
    ("Panchkula", 70, "earlier"), ("Panipat", 71, "earlier"), ("Rohtak", 73, "earlier"),
    ("Bhiwani", 59, "new"), ("Sonipat", 75, "new"), ("Charkhi Dadri", 701, "new"),
]
ODISHA_B1 = [  # district as printed, LGD code, blocks, panchayats, total villages, villages, habitations, households, population
    ("Balangir", 345, "8", "188", "1074", "1068", "1899", "242576", "937691"),
    ("Bargarh", 347, "5", "105", "548", "536", "1329", "137808", "523197"),
    ("Boudh", 349, "2", "46", "736", "730", "2219", "68417", "285528"),
    ("Dhenkanal", 352, "1", "28", "141", "131", "361", "37221", "152834"),
    ("Kalahandi", 358, "10", "254", "1782", "1712", "3556", "317356", "1272058"),
    ("Kandhamal", 359, "12", "171", "2380", "2307", "8136", "162544", "699417"),
    ("Nuapada", 368, "5", "131", "642", "635", "2761", "134463", "547382"),
    ("Subarnapur", 372, "2", "36", "327", "316", "1051", "46183", "197180"),
]
# The total row of that report, as printed, to check the district rows against (not published).
ODISHA_B1_TOTAL = ("45", "959", "7630", "7435", "21312", "1146568", "4615287")
B1_METRICS = [("ddp_blocks", "Blocks"), ("panchayats", "Panchayats"),
              ("total_villages", "Total Villages"), ("villages", "Villages"),
              ("habitations", "Habitations"), ("households", "HouseHolds"),
              ("population", "Population")]
B1_CAVEAT = ("Counts for the district's DDP blocks only (report category 'DDP Blocks'), not the "
             "whole district; households, not tap connections.")

DISTRICT_ROWS = f"""\
2019-08-15,,false,Madhya Pradesh,23,Burhanpur,397,hh_with_tap,rural households with a tap at the launch of the mission,37241,households,,S74,,"'Only 37,241 rural households (36.54%) out of a total of 1,01,905 households'; reported on 22 Jul 2022."
2019-08-15,,false,Madhya Pradesh,23,Burhanpur,397,pct_rural_hh_with_tap,rural households with a tap at the launch of the mission,36.54,percent,,S74,,Reported on 22 Jul 2022.
{BURHANPUR},total_rural_hh,rural households,101905,households,,S74,,"The total of which the 36.54% of 2019 is computed, and of which every household had a functional tap by 22 Jul 2022."
{BURHANPUR},hh_with_tap,rural households with a functional tap connection,101905,households,,S74,,"All 1,01,905 rural households 'within a span of 34 months'; the first district certified 'Har Ghar Jal'."
{BURHANPUR},tribal_hh_with_tap,tribal households with a tap connection,43701,households,,S71,,"'including 43,701 tribal households' (the minister, as reported)."
{BURHANPUR},villages_har_ghar_jal_certified,villages declared 'Har Ghar Jal' by a Gram Sabha resolution,254,villages,,S74,,"'each of 254 villages' in 167 gram panchayats."
{BURHANPUR},schools_with_tap,schools with tap water,640,schools,,S74,,'all 640 schools'.
{BURHANPUR},anganwadi_centres_with_tap,anganwadi centres with tap water,547,centres,,S74,,'547 anganwadi centres'.
{BURHANPUR},other_public_institutions_with_tap,other public institutions with tap water,440,institutions,,S74,,"'440 other public institutions': 167 gram panchayats, 50 healthcare centres, 109 community centres, 45 ashramshalas, 2 community toilets and 67 other government offices."
,undated (2022),false,Madhya Pradesh,23,Burhanpur,397,women_trained_ftk,women trained to test water quality,541,women,,S75,,The report is undated; its subject dates it to 2022.
2019-08-15,,false,Uttar Pradesh,9,Mahoba,165,families_with_tap,families with a tap connection,1612,families,,S76,The source is a copy of a news article on another site (the original outlet is not shown).,"'On Independence Day 2019, the water-stressed Mahoba district ... reported only 1,612 families having tap connections'."
,"'four years later' than Independence Day 2019 (about 2023; not printed)",false,Uttar Pradesh,9,Mahoba,165,families_with_tap,families with a tap connection,129209,families,,S76,The source is a copy of a news article on another site (the original outlet is not shown).,"'1,29,209 families — or around 98% of all rural homes in the district'."
,"'four years later' than Independence Day 2019 (about 2023; not printed)",false,Uttar Pradesh,9,Mahoba,165,pct_rural_hh_with_tap,share of all rural homes with a tap connection,98,percent,around,S76,The source is a copy of a news article on another site (the original outlet is not shown).,
2026-01-26,,true,Maharashtra,27,Palghar,665,total_rural_hh_lakh,rural households,4.52,lakh households,,S65,,"Year of the report inferred (see S65). 'out of 4.52 lakh rural households, around 3.19 lakh rural households have tap water supply'."
2026-01-26,,true,Maharashtra,27,Palghar,665,hh_with_tap_lakh,rural households with tap water supply,3.19,lakh households,around,S65,,Year of the report inferred (see S65).
"""


def district_figures() -> list[dict[str, str]]:
    """Named district figures of 03 section A (and 04 section E), in the note's order."""
    out = rows(DISTRICT_HEADER, DISTRICT_ROWS)
    haryana = "\n".join(
        HARYANA.format(name=name, code=code,
                       when="Named among the districts that had reached it earlier"
                       if when == "earlier" else "Newly named on 2 Jul 2021")
        for name, code, when in HARYANA_DISTRICTS)
    out += rows(DISTRICT_HEADER, haryana + "\n")
    for name, code, *values in ODISHA_B1:
        for (metric, printed), value in zip(B1_METRICS, values, strict=True):
            out.append({
                "as_of": "2024-04-01", "as_of_note": "", "date_inferred": "false",
                "state_name": "Odisha", "lgd_state_code": "21",
                "district_name_published": name, "lgd_district_code": str(code),
                "metric": metric, "metric_as_printed": printed, "value": value,
                "unit": DISTRICT_METRICS[metric], "qualifier": "", "source_id": "S77",
                "caveat": B1_CAVEAT,
                "note": "JJM-IMIS Format B1 (basic habitation information) 'As On 01/04/2024', "
                        "FY 2024-25, category 'DDP Blocks'." + (
                            " LGD names the district 'SONEPUR'." if name == "Subarnapur" else ""),
            })
    return out


COUNTS_HEADER = [
    "as_of", "as_of_precision", "date_inferred", "districts", "blocks", "gram_panchayats",
    "gram_panchayats_thousand", "villages", "villages_thousand", "villages_lakh",
    "villages_certified", "villages_certified_lakh", "qualifier", "source_id", "caveat", "note",
]
COUNTS_ROWS = """\
2020-12-31,day,false,26,,,,,65,,,,more than (65),S38,,"Every household in 26 districts and 'more than 65 thousand villages' (NJJM newsletter, December 2020)."
2021-03-29,day,false,56,,,,,86,,,,over (86),S39,,'56 districts and over 86 thousand villages' (ministry statement).
2021-04-12,day,false,58,,,,,87,,,,over (87),S40,,'every family living in 58 districts and over 87 thousand villages'; as_of is the article date.
2021-07,month,true,69,,,,,99,,,,more than (99),S44,Month inferred: the article is undated (mid-2021 by its figures).,'69 districts and more than 99 thousand villages'.
2021-07-14,day,false,71,824,50309,,100275,,,,,,S43,,"'71 districts, 824 blocks, 50,309 Gram Panchayats and 1,00,275 villages have achieved the target of Har Ghar Jal'."
2021-09-28,day,false,,919,,,115278,,,,,,S45,,"'1,15,278 villages of 919 blocks' are 'Har Ghar Jal Gaon'."
2021-10-01,day,false,78,,,58,,,1.16,,,,S04,,"78 districts, '58 thousand' gram panchayats and '1.16 lakh' villages (PMO statement as reported on 2 Oct 2021)."
2022-01-02,day,false,83,1016,62749,,128893,,,,,,S07,,"Economic Survey 2021-22 as reported; '83 districts achieved 100 percent households with tap water supply status'."
2022-05-27,day,false,108,1222,71667,,151171,,,,,,S49,,"'all households in 108 districts, 1,222 blocks, 71,667 gram panchayats and 1,51,171 villages'."
2022-07-20,day,false,,,,,152000,,,11000,,,S50,,"Interview with the Secretary, DDWS: '152,000 of the 600,000 villages are fully covered'; '11,000 of the 152,000 villages have completed this [certification] process'."
2022-07-22,day,true,100,1138,66328,,136803,,,,,,S51,"Date inferred (about 22 Jul 2022, the collector's dating). The figures are lower than those of 27 May 2022: treat with care.","'100 districts, 1,138 blocks, 66,328 gram panchayats, and 136,803 villages have received tap water connections' (as printed)."
2022-07-25,day,false,,,,,,,1.54,11000,,,S52,,"'1.54 lakh villages ... reported 100 percent coverage'; 'Only 11,000 villages have so far been fully certified' (Har Ghar Jal Utsav, 25 Jul to 12 Aug 2022)."
2022-08-17,day,false,,,,,,,1.5,,,as many as,S53,,'As many as 1.5 lakh villages have reported 100% coverage'; as_of is the article date.
2024-01-05,day,false,,,,,,,2,,,more than,S21,,'more than two lakh villages' with every household connected (reported; printed in words); as_of is the article date.
2024-08-06,day,false,,,,,,,,,1.28,around,S78,The figure comes from the report's headline; its text was not kept.,"Headline: 'Around 1.28 lakh villages certified as Har Ghar Jal' (Ministry of Jal Shakti, as reported by ANI)."
"""

SOURCES_HEADER = ["source_id", "title", "publisher_or_outlet", "date_published",
                  "date_published_note", "url", "note", "source_type", "reliability"]
SOURCES_ROWS = """\
S74,Burhanpur of Madhya Pradesh becomes the first certified ... (PIB text),Orissa Diary (reproduces PIB text),2022-07-22,,https://orissadiary.com/burhanpur-of-madhya-pradesh-becomes-the-first-certified/,"Title as in the address, which is cut after 'certified'; the text calls Burhanpur the first certified 'Har Ghar Jal' district.",official release (via mirror),high
S75,Burhanpur first district in MP with tap water connection in every household: official (PTI),Devdiscourse (PTI),,undated (2022 by its subject),https://www.devdiscourse.com/article/law-order/1980174-burhanpur-first-district-in-mp-with-tap-water-connection-in-every-household-official,Title as in the address.,news (quoting officials),medium
S76,Jal Jeevan Mission remains a pipe dream (snippet on a tag page),copy of a news article on an AWS-hosted site (original outlet not shown),,not recorded (about 2023 by its text),https://ec2-3-6-245-116.ap-south-1.compute.amazonaws.com/tag/100-household-tap-connection/,The page shows only a snippet of the article and does not name the outlet that published it.,news (mirror of unknown outlet),medium-low
S77,"JJM-IMIS Format B1, Basic Habitation Information 'As On 01/04/2024' (Odisha, category DDP Blocks), page saved 05/05/2024","GitHub repository Savio629/ejalshakti.gov.in-scraper (src/research/rendered-page.html, commit 4d0de8b8...)",,"report 'As On 01/04/2024'; page generated 05/05/2024",https://github.com/Savio629/ejalshakti.gov.in-scraper,A saved copy of the official JJM-IMIS page; the commit is recorded only as its first characters (4d0de8b8).,official report (via saved page copy),high
S78,Around 1.28 lakh villages certified as 'Har Ghar Jal': Ministry of Jal Shakti (ANI),Take One Digital Network (ANI),2024-08-06,,https://takeonedigitalnetwork.com/around-1-28-lakh-villages-certified-as-har-ghar-jal-ministry-of-jal-shakti,Only the headline was kept by the collector.,news (quoting ministry),medium
"""


def har_ghar_jal_counts() -> list[dict[str, str]]:
    """National counts of fully covered and certified units (03 section B, 04 section G)."""
    return rows(COUNTS_HEADER, COUNTS_ROWS)


def sources() -> list[dict[str, str]]:
    """The new sources of these rows, S74 onwards."""
    return rows(SOURCES_HEADER, SOURCES_ROWS)
