# ruff: noqa: E501  (transcribed rows: one source row per line, as in a CSV)
"""The water-quality package, transcribed from round-2's 04_water_quality_hgj.md, for curate.py.

National figures in two wide tables, laboratories and testing (a column per measure and per
printed unit, so that "accredited <= laboratories" and "contaminated <= tested" can be checked on
each row), the State-wise laboratories of about February 2022 (only the cells whose column can be
read off the stored copy), the three functionality assessments, and a few State figures. Figures
are as printed; the source's wording is in ``qualifier`` (of every figure of its row); doubts are
in ``caveat``; an inferred date is flagged in ``date_inferred`` with the reason
in ``note``. Left out (see the package's CURATION.md): the undated Guwahati remarks, the Lok
Sabha reply of 13 Dec 2021 (its annexes are cut), the handbook of December 2024 (no figure), the
CS1 B(i) and L5 reports (no date; the three L5 copies cannot be ordered in time).
"""

from __future__ import annotations

from round_2 import rows

LABS_NATIONAL_HEADER = [
    "as_of", "as_of_precision", "date_inferred", "labs", "labs_accredited", "qualifier",
    "source_id", "caveat", "note",
]
LABS_NATIONAL_ROWS = """\
2021-07,month,false,2000,,about,W02,,"'about 2000 government laboratories' registered on the WQMIS portal (developed with ICMR), as of July 2021; the portal 'has received 4.9 lakh samples for water quality testing' (received, not tested: not in the testing table)."
2021-10-01,day,true,2010,,,W04,"Year inferred: printed 'as on October 1'. The report says all 2,010 laboratories are NABL-certified, which later sources contradict (1,005 of 2,074 accredited in December 2022): the accredited count is left blank.","Printed 'as on October 1' without a year; 2021 inferred from the figures and the minister's remarks of that time. '2,010 active laboratories'; the minister spoke of raising them 'to 6,000'."
2022-02,month,true,2021,,,W05,Month inferred: the reply is undated (about February 2022 by the collector's reading).,"Undated Lok Sabha reply: 'so far 2021 drinking water quality testing laboratories'. Month inferred by the collector from the coverage figure on the same page (8.88 crore, 46.09%), not printed. Its State-wise annex is the state_labs resource."
2022-12-21,day,false,2074,1005,,W06,,The ministry's year-end review 2022 as reported on 28 Dec 2022 (as_of as in the national coverage series); 1005 laboratories accredited by NABL.
2024-11,month,true,2160,1570,,W07,Month inferred: the Survey's data are of about November 2024 (the collector's dating).,"Economic Survey 2024-25; month inferred by the collector (data of about November 2024), not printed; 1,570 accredited by NABL."
2026-02-09,day,false,2870,1707,,W10,"'accredited and recognised': the count may include laboratories recognised but not NABL-accredited.","'2,870 water quality testing laboratories' operated by government agencies; '1,707 accredited and recognised laboratories'. as_of is the report date."
2026-02-12,day,false,2870,,,W11,,Lok Sabha reply as reported on 12 Feb 2026. as_of is the report date.
"""

TESTING_HEADER = [
    "as_of", "as_of_precision", "period", "date_inferred", "samples_tested_labs",
    "samples_tested_labs_lakh", "samples_contaminated", "samples_contaminated_lakh",
    "samples_tested_ftk", "samples_tested_ftk_lakh", "women_trained_ftk_lakh",
    "users_trained_ftk", "qualifier", "source_id", "caveat", "note",
]
TESTING_ROWS = """\
2021-03-22,day,,false,,,,,,,4,,over,W01,"The Prime Minister spoke of women trained to test (rain) water during the pandemic: possibly not the same count as the women trained to use field test kits.","'Over 4 lakh women trained for (rain) water testing during corona' (speech reported on 22 Mar 2021)."
2021-10-01,day,,false,,,,,,,7.1,,more than,W03,,"'More than 7.1 lakh women' trained; pani samitis/VWSCs in 'around 3.5 lakh' of 'over six lakh villages'."
2021-10-01,day,,true,1191293,,96763,,462137,,,739362,,W04,Year inferred: printed 'as on October 1'.,"Printed 'as on October 1' without a year; 2021 inferred from the figures and the minister's remarks of that time. '11,91,293 samples' tested in laboratories, 96,763 of them contaminated; '4,62,137 samples' tested with field test kits; '7,39,362 users' trained (not only women), in 1,94,841 villages where people took samples."
2022-12-21,day,FY 2022-23 to December 2022,false,,27,,,,57.99,16.21,,more than,W06,,"The ministry's year-end review 2022 as reported on 28 Dec 2022: 'more than 27 lakh' samples tested in laboratories and 'more than 57.99 lakh' with field test kits in 2022-23 so far; 'more than 16.21 lakh women' trained in 1.95 lakh villages."
2024-03-31,day,FY 2023-24,false,,59,,,,,,,more than,W08,,"Samples tested in laboratories in the financial year 2023-24 ('more than 59 lakh'); as_of is the year's last day. Rajya Sabha reply as reported on 9 Mar 2026."
2025-03-31,day,FY 2024-25,false,,82,,,,,,,over,W08,,"Samples tested in laboratories in the financial year 2024-25 ('over 82 lakh'); as_of is the year's last day. Rajya Sabha reply as reported on 9 Mar 2026."
2026-03-02,day,FY 2025-26 to 2 Mar 2026,false,,63.96,,1.61,,,,,,W08,,"'63.96 lakh samples were tested, of which 1.61 lakh were confirmed to be contaminated' in 2025-26 up to 2 Mar 2026; the same figures in Orissa Post (W09)."
2026-02-12,day,,false,,,,,,,24.80,,around,W11,,"Lok Sabha reply as reported on 12 Feb 2026: 'around 24.80 lakh women' trained, of whom 'around eight lakh' report on the WQMIS portal."
"""

# Annex-I of the Lok Sabha reply of about February 2022: rows 1-29 of the stored copy. The copy
# dropped blank cells, so a row with fewer than five numbers cannot have its numbers placed in
# columns: only its total (always the last number) is published, with the numbers as printed.
LABS_HEADER = [
    "as_of", "date_inferred", "row_in_source", "state_name_published", "state_name",
    "lgd_state_code", "labs_state", "labs_district", "labs_block_subdivision", "labs_mobile",
    "labs_total", "numbers_as_printed", "columns_placed", "source_id", "note",
]
LABS = [  # (row, as printed, name, LGD code, numbers as printed)
    (1, "A&NIslands", "Andaman and Nicobar Islands", 35, "1 3 7 11"),
    (2, "Andhra Pradesh", "Andhra Pradesh", 28, "1 13 98 112"),
    (3, "Arunachal Pradesh", "Arunachal Pradesh", 12, "1 17 30 1 49"),
    (4, "Assam", "Assam", 18, "1 25 51 3 80"),
    (5, "Bihar", "Bihar", 10, "1 38 75 9 123"),
    (6, "Chhattisgarh", "Chhattisgarh", 22, "1 27 22 18 68"),
    (7, "Goa", "Goa", 30, "1 13 14"),
    (8, "Gujarat", "Gujarat", 24, "1 32 47 1 81"),
    (9, "Haryana", "Haryana", 6, "1 21 21 1 44"),
    (10, "Himachal Pradesh", "Himachal Pradesh", 2, "1 14 44 59"),
    (11, "Jammu & Kashmir", "Jammu and Kashmir", 1, "20 72 92"),
    (12, "Jharkhand", "Jharkhand", 20, "1 24 5 30"),
    (13, "Karnataka", "Karnataka", 29, "2 30 47 1 80"),
    (14, "Kerala", "Kerala", 32, "1 14 37 52"),
    (15, "Ladakh", "Ladakh", 37, "2 4 6"),
    (16, "Madhya Pradesh", "Madhya Pradesh", 23, "1 51 103 155"),
    (17, "Maharashtra", "Maharashtra", 27, "34 143 177"),
    (18, "Manipur", "Manipur", 14, "1 12 13"),
    (19, "Meghalaya", "Meghalaya", 17, "7 24 31"),
    (20, "Mizoram", "Mizoram", 15, "1 8 18 27"),
    (21, "Nagaland", "Nagaland", 13, "1 10 1 12"),
    (22, "Odisha", "Odisha", 21, "1 32 44 77"),
    (23, "Puducherry", "Puducherry", 34, "2 2"),
    (24, "Punjab", "Punjab", 3, "2 22 8 1 33"),
    (25, "Rajasthan", "Rajasthan", 8, "1 32 21 54"),
    (26, "Sikkim", "Sikkim", 11, "2 2"),
    (27, "Tamil Nadu", "Tamil Nadu", 33, "1 31 81 113"),
    (28, "Telangana", "Telangana", 36, "1 19 55 75"),
    (29, "Tripura", "Tripura", 16, "1 8 12 21"),
]
LABS_NOTE_UNPLACED = ("Fewer than five numbers in the stored copy, which dropped blank cells: "
                      "which column each number belongs to cannot be read, so only the total "
                      "(the last number) is published.")


def state_labs() -> list[dict[str, str]]:
    """The rows of the State-wise laboratories annex, with the columns that can be placed."""
    out = []
    for number, published, name, code, printed in LABS:
        cells = printed.split()
        placed = len(cells) == 5
        state, district, block, mobile = cells[:4] if placed else ("", "", "", "")
        out.append({
            "as_of": "2022-02", "date_inferred": "true", "row_in_source": str(number),
            "state_name_published": published, "state_name": name, "lgd_state_code": str(code),
            "labs_state": state, "labs_district": district, "labs_block_subdivision": block,
            "labs_mobile": mobile, "labs_total": cells[-1], "numbers_as_printed": printed,
            "columns_placed": "true" if placed else "false", "source_id": "W05",
            "note": "" if placed else LABS_NOTE_UNPLACED,
        })
    return out


FUNCTIONALITY_HEADER = [
    "assessment", "round_year", "fieldwork_as_printed", "districts_covered", "states_uts_covered",
    "villages_covered", "households_covered", "pct_hh_tap_available", "pct_hh_working_tap",
    "pct_hh_adequate_quantity", "pct_hh_regular_supply", "pct_hh_potable_water", "source_id",
    "other_source_id", "caveat", "note",
]
FUNCTIONALITY_ROWS = """\
2020-21,2020,2020-21,705,,6992,87123,,94,83.5,87.2,61.3,W12,,"Figures from a Parliamentary Standing Committee report as a news site reported them.","An independent third-party assessment; the agency is not named in the sources."
2022,2022,"February, 2022 to April, 2022",,,,,,86,85,80,87,W13,W14,,"An independent third-party assessment; the agency is not named in the sources. The sample size is not given in the texts kept."
2024,2024,between July and October 2024,761,34,19812,237608,98.1,86.5,80.2,83.6,76,W15,W16,"The sample is as planned: the final analysis covered '19,401 villages and 2.32 lakh households'.","An independent third-party assessment of Har Ghar Jal villages; the agency is not named in the sources. Taps were available in 98.1% of households and working in 86.5%."
"""

STATE_HEADER = ["as_of", "as_of_note", "state_name", "lgd_state_code", "metric",
                "metric_as_printed", "value", "unit", "qualifier", "source_id", "note"]
STATE_METRICS = {
    "women_trained_ftk": "women",
    "water_testing_labs": "laboratories",
    "nabl_accredited_district_labs": "laboratories",
    "sources_chemically_tested": "sources",
    "pct_sources_chemically_tested": "percent",
    "state_labs": "laboratories",
    "district_labs": "laboratories",
    "taluka_labs": "laboratories",
}
STATE_ROWS = """\
2021-12-31,,Odisha,21,women_trained_ftk,women trained to test water quality with field test kits,17756,women,,W17,"Also in the New Indian Express report of 2 Jan 2022 (W18)."
2021-12-31,,Odisha,21,water_testing_labs,water testing laboratories,77,laboratories,,W17,"Also in W18. The State-wise annex of about February 2022 gives Odisha the same total, 77."
2022-01-07,,Chhattisgarh,22,nabl_accredited_district_labs,district water laboratories accredited by NABL,16,laboratories,,W19,"'NABL has accredited Chhattisgarh's 16 district level water laboratories'; 'the remaining eight districts have also applied'. as_of is the article date. The districts as printed: Durg, Balod, Rajnandgaon, Kabirdham, Bemetara, Raipur, Mahasamund, Gariaband, Dhamtari, Balodabazar, Bilaspur, Raigarh, Korba, Mungeli, Kanker and Jagdalpur (the headquarters town of Bastar district, as printed)."
2022-01-07,,Chhattisgarh,22,women_trained_ftk,women trained in water testing as 'Jal Bahini',79689,women,,W19,as_of is the article date.
2022-01-07,,Chhattisgarh,22,sources_chemically_tested,drinking water sources tested for chemical parameters in the current year,313501,sources,,W19,"Printed '3,13,501 (65 percent)'; as_of is the article date."
2022-01-07,,Chhattisgarh,22,pct_sources_chemically_tested,drinking water sources tested for chemical parameters in the current year,65,percent,,W19,as_of is the article date.
,undated,Gujarat,24,state_labs,Central Lab,1,laboratories,,W20,"Printed in words: 'one Central Lab, thirty three District Labs and forty nine Taluka Labs'."
,undated,Gujarat,24,district_labs,District Labs,33,laboratories,,W20,Printed in words ('thirty three').
,undated,Gujarat,24,taluka_labs,Taluka Labs,49,laboratories,,W20,Printed in words ('forty nine').
"""

SOURCES_HEADER = ["source_id", "title", "publisher_or_outlet", "date_published",
                  "date_published_note", "url", "note", "source_type", "reliability"]
SOURCES_ROWS = """\
W01,There will be more participation of women in Jal Jeevan Mission: PM Modi,ANI,2021-03-22,,https://www.aninews.in/news/national/general-news/there-will-be-more-participation-of-women-in-jal-jeevan-mission-pm-modi20210322142656/,Title as in the address.,news (reporting the Prime Minister's speech),medium
W02,Complaining About Poor Water Quality? Get It Tested On One-Stop Government Portal,The Logical Indian,,not recorded (2021: it gives figures as of July 2021),https://thelogicalindian.com/good-governance/get-water-quality-tested-at-one-stop-government-portal-30374,,news,medium
W03,PM to interact with gram panchayats and pani samitis on Jal Jeevan Mission on October 2,The Hindu,2021-10-01,,https://www.thehindu.com/news/national/pm-to-interact-with-gram-panchayats-pani-samitis-on-jal-jeevan-mission-on-october-2/article36773576.ece,Title as in the address.,news (quoting ministry statement),medium-high
W04,Water quality testing labs to be increased to 6000: minister,Sify,,not recorded (its figures are 'as on October 1'; 2021 inferred),https://www.sify.com/news/water-quality-testing-labs-to-be-increased-to-6000-minister-news-national-vkcdkvhcffabj.html,Title as in the address.,news (quoting minister),medium (year inferred)
W05,Laboratory for checking the quality of drinking water (Lok Sabha written reply of the MoS Jal Shakti Prahlad Singh Patel; PIB text),pratisrutiplus.com (reproduces PIB text),,"undated (about February 2022, the collector's dating)",https://pratisrutiplus.com/national/laboratory-for-checking-the-quality-of-drinking-water/,"Rows 1-29 of the State-wise annex are readable (Uttar Pradesh, row 30, is cut off; later rows and the all-India total are missing), and the copy drops blank cells. The same reply is at indiaeducationdiary.in (https://indiaeducationdiary.in/?p=235965, rows 1-24) and datais.info.",parliament answer (via mirror),high (values) / date unknown
W06,Jal Jeevan Mission: more than 16 lakh women trained in around 2 lakh villages to check rural water quality using field test kits,Swarajya,2022-12-28,,https://swarajyamag.com/amp/story/news-brief/jal-jeevan-mission-more-than-16-lakh-women-trained-in-around-2-lakh-villages-to-check-rural-water-quality-using-field-test-kits,Title as in the address; reports the ministry's year-end review 2022.,news (reporting ministry year-end review),medium-high
W07,"Economic Survey 2024-25, Chapter 6, para 6.28 and Box VI.11","Ministry of Finance (text via GitHub SAKET03/Economic-Survey-AdvancedRAG, output/02/ES_24-25/chapter_6/chapter_6.md)",,not recorded (Economic Survey 2024-25),https://github.com/SAKET03/Economic-Survey-AdvancedRAG,,official document (via text extraction),high
W08,161 lakh water sample found contaminated across the country in 2025-26: minister Somanna informs RS,The New Indian Express,2026-03-09,,https://www.newindianexpress.com/nation/2026/Mar/09/161-lakh-water-sample-found-contaminated-across-the-country-in-2025-26-minister-somanna-informs-rs,"Title as in the address, which reads '161 lakh' where the text says 1.61 lakh.",news (reporting parliament reply),medium-high
W09,Over 1.61 lakh water samples found contaminated in 2025-26: Govt in Rajya Sabha,Orissa Post,2026-03-09,,https://www.orissapost.com/over-1-61-lakh-water-samples-found-contaminated-in-2025-26-govt-in-rajya-sabha/,Title as in the address.,news (reporting parliament reply),medium-high
W10,"2,870 public water testing labs functional across States: Jal Shakti ministry (IANS)",The Hawk (IANS),2026-02-09,,https://www.thehawk.in/news/india/2870-public-water-testing-labs-functional-across-states-jal-shakti-ministry,Title as in the address.,news (quoting ministry),medium-high
W11,"2,870 water quality testing labs functioning across country: Jal Shakti minister (PTI)",Devdiscourse (PTI),2026-02-12,,https://www.devdiscourse.com/article/law-order/3803239-2870-water-quality-testing-labs-functioning-across-country-jal-shakti-minister,Title as in the address.,news (reporting parliament reply),medium-high
W12,"Tap water connections found working in 94 pc of 87,123 surveyed households: Govt",OdishaTV,,not recorded,https://odishatv.in/news/national/tap-water-connections-found-working-in-94-pc-of-87-123-surveyed-households-govt-173342,Title as in the address; reports a Parliamentary Standing Committee report.,news (reporting a parliamentary committee report),medium
W13,Ministry of Jal Shakti: massive increase in rural household tap connections under JJM,Orissa Diary (reproduces PIB text),2023-03-16,,https://orissadiary.com/ministry-of-jal-shakti-massive-increase-in-rural-households-tap-connections-under-jal-jeevan-mission/,,official reply (via mirror),high
W14,More than 80% of Indian rural households have potable water connection (Rajya Sabha reply),Livemint,2025-07-21,,https://www.livemint.com/news/india/more-than-80-of-indian-rural-households-have-potable-water-connection-11753100199955.html,Title as in the address.,news (reporting parliament reply),medium-high
W15,"JJM review finds 86.5% rural homes have working taps, States urged to fix gaps",Devdiscourse,,not recorded (after the fieldwork of July-October 2024),https://www.devdiscourse.com/article/law-order/3785944-jjm-review-finds-865-rural-homes-have-working-taps-states-urged-to-fix-gaps,"Title read from the address, which drops the decimal point and the per cent sign.",news (citing ministry assessment),medium-high
W16,From coverage to functionality: reviewing India's national assessment of rural tap water services,India Water Portal,,not recorded,https://www.indiawaterportal.org/amp/story/drinking-water/from-coverage-to-functionality-reviewing-indias-national-assessment-of-rural-tap-water-services,Title as in the address.,analysis (citing ministry assessment),medium
W17,Central Grant of Rs 831 Crore released to Odisha under Jal Jeevan Mission,Press Information Bureau,2021-12-31,,https://pib.gov.in/PressReleaseIframePage.aspx?PRID=1786591,,press release,high
W18,Rs 831 crore central aid for tap water supply to rural Odisha,The New Indian Express,2022-01-02,,https://www.newindianexpress.com/states/odisha/2022/jan/02/rs-831-crore-central-aid-for-tap-water-supply-to-rural-odisha-2402225.html,Title as in the address.,news (reporting press release),medium
W19,16 district water testing labs get NABL accreditation,The Daily Pioneer,2022-01-07,,https://dailypioneer.com/2022/state-editions/16-district-water-testing-labs-get-nabl-accreditation.html,Title as in the address; date as recorded by the collector.,news (citing State data),medium
W20,Reports on Gujarat WQMS Labs,India Water Week (The Water Network),,undated page,https://indiawaterweek.thewaternetwork.com/article-FfV/reports-on-gujarat-wqms-labs-03k_iNmUvxv9ndT4z0dVjA,"Also describes an assessment of WASMO's laboratories by SIGMA Foundation with UNICEF Gujarat.",organisation's report summary (undated),low-medium
"""


def national_labs() -> list[dict[str, str]]:
    """National counts of laboratories (section A), in the note's order."""
    return rows(LABS_NATIONAL_HEADER, LABS_NATIONAL_ROWS)


def national_testing() -> list[dict[str, str]]:
    """National counts of samples tested and women trained (section A), in the note's order."""
    return rows(TESTING_HEADER, TESTING_ROWS)


def functionality() -> list[dict[str, str]]:
    """The three functionality assessments (section F)."""
    return rows(FUNCTIONALITY_HEADER, FUNCTIONALITY_ROWS)


def state_figures() -> list[dict[str, str]]:
    """State water-quality figures quoted in text (section E)."""
    return rows(STATE_HEADER, STATE_ROWS)


def sources() -> list[dict[str, str]]:
    """The package's sources, W01 onwards."""
    return rows(SOURCES_HEADER, SOURCES_ROWS)
