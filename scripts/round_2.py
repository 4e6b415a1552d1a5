# ruff: noqa: E501  (transcribed rows: one source row per line, as in a CSV)
"""Rows transcribed by hand from the round-2 notes (../shared/data-sources/round-2/), for curate.py.

The notes are Markdown tables, not CSVs, and their cells mix a figure with its wording ("more
than 7.41 crore"), so each row is written out here once, in the published layout: the figure as
printed (its unit and precision), the source's wording in ``qualifier``, every doubt and every
inferred date in ``note`` and ``date_inferred``. Nothing is converted, estimated or filled; a
figure that cannot be placed in a column stays in the note, verbatim.
"""

from __future__ import annotations

import csv
import io

# 02_state_and_national_coverage.md, section A: the 32 national time points, in the note's order.
# Columns after the first-pass layout: date_inferred (true where the date is not printed and
# was inferred), and two columns in million for the figures a source printed in million.
NATIONAL_HEADER = [
    "as_of", "as_of_precision", "date_inferred", "total_rural_hh_crore", "hh_with_tap_crore",
    "hh_with_tap_pct", "hh_added_since_launch_crore", "hh_added_since_launch_pct",
    "total_rural_hh_exact", "hh_with_tap_exact", "hh_added_since_launch_exact",
    "total_rural_hh_million", "hh_added_since_launch_million", "qualifier", "source_id", "note",
]
NATIONAL_ROWS = """\
2020-03-31,day,false,,4.06,22,,,,,,,,,S36,"Ministry publication, 'Table 1: Implementation roadmap': achievement 4.06 crore (22%), against a projected 3.98 crore (21%)."
2020-11-03,day,false,,,,2.55,,,,,,,,S37,"'2.55 crore new tap connections' in the 14 months since launch (JJM dashboard as reported); as_of as dated by the collector, the day before the article of 4 Nov 2020."
2020-12-31,day,false,,6.23,,3,,,,,,,more than; more than (added),S38,"NJJM newsletter, December 2020: 'more than 6.23 Crore' with a tap and 'more than 3 Crore' connected since launch; every household in 26 districts and more than 65 thousand villages."
2021-03-29,day,false,,7.24,38,4,,,,,,,over (added),S39,"Ministry statement of 29 Mar 2021 as reported: 'over 4 Crore' connected since launch; every household in 56 districts and over 86 thousand villages."
2021-03-31,day,false,,7.30,38.5,,,,,,,,,S36,"Ministry publication, 'Table 1: Implementation roadmap': achievement 7.30 crore (38.5%), against a projected 6.44 crore (34%)."
2021-04-12,day,false,,7.30,38,,,,,,,,over,S40,"'over 7.30 crore'; every family in 58 districts and over 87 thousand villages. as_of is the article date."
2021-05-14,day,false,,7.41,,4.17,,,,,,,more than; more than (added),S41,"Report of the National Jal Jeevan Mission's webinar with sector partners held that day ('organized today')."
2021-07-02,day,false,18.94,7.63,,4.40,,,,,,,,S42,"PTI report of 3 Jul 2021 (12 districts in Haryana achieve the Har Ghar Jal target)."
2021-07-14,day,false,18.94,7.72,40.77,4.49,,,,,,,,S43,"4.49 crore connected in 23 months; 71 districts, 824 blocks, 50,309 gram panchayats and 1,00,275 villages have achieved 'Har Ghar Jal'."
2021-07,month,true,18.93,7.69,40.6,4.5,,,,,,,,S44,"Undated article. Month inferred, not printed: '4.5 Crore' connected in '22 months' since launch (June-July 2021), and 7.69 crore lies between the 7.63 crore of 2 Jul and the 7.72 crore of 14 Jul 2021 in other reports. Every household in 69 districts and more than 99 thousand villages."
2021-09-28,day,false,,8.24,42.83,,,,,50009340,,,about,S45,"'about 8.24 crore'; 5,00,09,340 connected since launch (exact count as printed); 1,15,278 villages of 919 blocks 'Har Ghar Jal Gaon'."
2021-12-14,day,false,19.2,8.65,45,5.42,28,,,,,,,S46,Article of 14 Dec 2021 on the Centre's release of Rs 604 crore to Jammu and Kashmir under the mission.
2021-12-31,day,false,,8.75,45.56,5.52,,,,,,,around (added),S36,"Ministry publication: achievement as on 31 Dec 2021; 'around 5.52 crore' connected since launch."
2021-12,month,true,19.20,8.67,45.15,5.44,28.31,,,,,,,S47,"Undated article; the collector dates it December 2021 or January 2022. Month inferred as December 2021, not printed: 8.67 crore lies between the 8.65 crore of 14 Dec and the 8.75 crore of 31 Dec 2021 in other sources."
2022-02,month,true,19.27,8.88,46.09,,,,,,,,,S48,"Undated Lok Sabha answer; the collector dates it about February 2022 (month inferred, not printed). It also counts 2021 drinking water quality testing laboratories. Another Lok Sabha reply of February 2022 (S08) gives 19.28 crore, 8.95 crore and 46.41%: both rows are kept."
2022-05-27,day,false,,9.59,50,,,,,,,,over,S49,"'Over 9.59 crore'; '50 per cent' of rural households, as the ministry's milestone is worded (the 'over' is printed with the crore figure). Every household in 108 districts, 1,222 blocks, 71,667 gram panchayats and 1,51,171 villages."
2022-07-20,day,false,,,51,,,,,,,,,S50,"Interview with the Secretary, DDWS: the mission 'has hit 51 mark'; of about 600,000 villages, 152,000 are fully covered and 11,000 of those certified."
2019-08-15,day,false,,,,,,,,,192.7,,,S51,"Article of about 22 Jul 2022: '192.7 million' rural households at launch, as the collector read it. Other sources give 18.93 crore at launch (S10) and 19.27 crore in 2022, so the figure may be the total at the article's date: treat with care. Its counts of 100 districts, 1,138 blocks, 66,328 gram panchayats and 136,803 villages with tap water, lower than those of May 2022, are not in this table."
2022-07-25,day,false,,,51,,,,,,,,,S52,"'slightly over 50 percent' and a 'national average' of 51%; 38.75 lakh connections in the first quarter of 2022-23 against 35.22 lakh; 1.54 lakh villages report 100% coverage; 'Only 11,000 villages' fully certified."
2022-08-17,day,false,,,52,,,,,,,,,S53,"1.5 lakh villages report 100% coverage. as_of is the article date."
2022-12-21,day,false,,10.76,55.62,,,,,,,,more than,S54,"The ministry's year-end review 2022, as reported on 28 Dec 2022."
2023-03-20,day,false,19.43,11.49,59,8.26,,,,,,,,S55,"Lok Sabha reply as reported on 24 Mar 2023; the share is printed as 59% (the collector marks it as approximate)."
2023-06-09,day,true,,,62.84,,,,,,,,,S56,"Quoted with the WHO study of the mission's health gains. Day inferred: the collector dates the figure about 9 Jun 2023; the report is of 10 Jun 2023."
2023-07-21,day,false,,12.6,,,,,,,,,more than,S57,"The minister at the national conference of the Rural WASH Partners' Forum: 'more than 12.6 Cr'."
2023-07-26,day,false,19.42,12.65,65,9.42,,,,,,,,S58,"Reply with data as on 26.07.2023, in the PIB text of 31 Jul 2023; 6 States and 3 UTs reported 100%."
2023-11-29,day,false,19.24,13.69,71,10.46,,,,,,,around; around (added),S59,"Rajya Sabha reply as reported on 4 Dec 2023: 'around 13.69 crore' ('about 71' per cent); 9 States/UTs at 100% 'as on September 30'."
2024-01-30,day,false,19.27,14.21,73.76,10.98,,,,,,,more than; more than (added),S60,"At launch: '3.23 Crore (16.8%)'."
2024-02-04,day,false,19.27,14.24,73.93,11.01,,,,,,,more than,S61,"'an additional 11.01 Crore' connected since launch."
2024-07-22,day,false,19.30,14.89,76.12,,,,,,,,more than,S62,"Economic Survey 2023-24, para 12.42: 'around 19.30 crore' rural households, 'more than 14.89 crore' with a tap (76.12%). No 'as on' date is printed; as_of is the survey's publication date. 14.89 of 19.30 crore is 77.15%, not 76.12%: published as printed."
2025-02-02,day,false,,15.44,,,,,,,,,,S63,"The minister, C R Paatil, in Surat: 'remaining 4.33 crore households will be covered by 2028'."
2025-07-16,day,false,,,80.93,,,,,,193.6,124.3,around (added),S64,"Rajya Sabha reply (MoS V. Somanna) as reported on 21 Jul 2025. The report prints 'more than 156.7 Crore' households with a tap, a unit slip (156.7 million would be 15.67 crore): left blank, not corrected. At launch: 'around 32.3 million (16.7%)'."
2026-01-26,day,true,19.36,15.79,81.56,12.55,,,,,,,more than; more than (added),S65,"Year inferred: the report is dated 'Jan 29' with no year; 2026 from the weekday and the minister named (C R Paatil). At launch: '3.23 crore (16.72 per cent)'; schools 89.62%, anganwadi centres 85.60%."
"""

# The sources of those rows (jjm-coverage/sources.csv layout), S36 onwards.
SOURCES_HEADER = ["source_id", "title", "publisher_or_outlet", "date_published",
                  "date_published_note", "url", "note", "source_type", "reliability"]
SOURCES_ROWS = """\
S36,Ministry of Jal shakti-English (ministry publication; 'Table 1: Implementation roadmap'),"Ministry of Jal Shakti, via pubhtml5",2022-08-08,date of the upload to pubhtml5,https://pubhtml5.com/cffv/rzbw/basic/51-100,,official document (via mirror),high
S37,Govt: 2.5 crore rural homes get tap water; Telangana tops,The Indian Express,2020-11-04,,https://indianexpress.com/article/india/govt-2-5-crore-rural-homes-get-tap-water-telangana-tops-6930874/,Title as in the address (the headline was not recorded).,news (citing JJM dashboard),medium
S38,"Jal Jeevan Samvad, Year 2020, Issue 3 (NJJM newsletter)","National Jal Jeevan Mission, via docslib",,"December 2020 issue (month only)",https://docslib.org/doc/7296064/jal-jeevan-samvad,,official newsletter (via mirror),high
S39,Over 4 crore rural homes provided with tap water connections since Jal Jeevan Mission,New Delhi Times,2021-03-30,,https://www.newdelhitimes.com/over-4-crore-rural-homes-provided-with-tap-water-connections-since-jal-jeevan-mission/,Title as in the address.,news (quoting ministry statement),medium
S40,States look to meet Har Ghar Jal target ahead of national goal,The Times of India,2021-04-12,,http://m.timesofindia.com/india/states-look-to-meet-har-ghar-jal-target-ahead-of-national-goal/articleshow/82035761.cms,Title as in the address.,news (citing ministry data),medium
S41,JJM: over 4.17 crore rural households have been provided with new tap water connection,The Indian Awaaz (AMN),2021-05-14,,https://theindianawaaz.com/jjm-over-4-17-crore-rural-households-have-been-provided-with-new-tap-water-connection/,Title as in the address.,news (reporting ministry webinar),medium
S42,12 districts in Haryana achieve Har Ghar Jal target under Jal Jeevan Mission (PTI),Devdiscourse (PTI),2021-07-03,,https://www.devdiscourse.com/article/law-order/1636932-12-districts-in-haryana-achieve-har-ghar-jal-target-under-jal-jeevan-mission,Title as in the address.,news (citing ministry data),medium
S43,"One lakh villages, 50k gram panchayats become Har Ghar Jal",The Siasat Daily,2021-07-14,,https://www.siasat.com/one-lakh-villages-50k-gram-panchayats-become-har-ghar-jal-2164660/,Title as in the address.,news (citing ministry data),medium
S44,Centre allocates Rs 3323 crore grant to Odisha under Jal Jeevan Mission,The Statesman,,undated (mid-2021 by its figures),https://www.thestatesman.com/india/centre-allocates-rs-3323-crore-grant-odisha-jal-jeevan-mission-1502980803.html,Title as in the address; the copy read prints no date.,news (citing ministry data),medium (undated)
S45,Jal Jeevan Mission takes tap water to 5 cr new rural households (IANS),Lokmat English (IANS),2021-09-28,,https://english.lokmat.com/politics/jal-jeevan-mission-takes-tap-water-to-5-cr-new-rural-households/,Title as in the address.,news (citing ministry data),medium
S46,Centre releases 604 crore for Jammu & Kashmir under Jal Jeevan Mission,Livemint,2021-12-14,,https://www.livemint.com/news/india/centre-releases-604-crore-for-jammu-kashmir-under-jal-jeevan-mission/amp-11639474539683.html,Title as in the address.,news (citing ministry data),medium
S47,JJM reaches 8.67 cr households,The Statesman,,undated (December 2021 or January 2022 by its figures),https://www.thestatesman.com/india/jjm-reaches-8-67-cr-households-1503032235.html,Title as in the address; the copy read prints no date.,news (citing ministry data),medium (undated)
S48,Lok Sabha question 'Laboratory for Checking the Quality of Drinking Water',datais.info (mirror of Lok Sabha Q&A),,"undated (about February 2022, the collector's dating)",https://datais.info/loksabha/question/ae08dc36853c3a4a6c5bf609caecc213/Laboratory+for+Checking+the+Quality+of+Drinking+Water,,parliament answer (via mirror),high (values) / date unknown
S49,50 per cent of rural households have access to tap water connections: Jal Shakti ministry (PTI),Devdiscourse (PTI),2022-05-28,,https://www.devdiscourse.com/article/law-order/2053870-50-per-cent-of-rural-households-have-access-to-tap-water-connections-jal-shakti-ministry,Title as in the address.,news (quoting ministry statement),medium
S50,Jal Jeevan Mission has hit 51 mark (interview with the Secretary of the Department of Drinking Water & Sanitation),Livemint,2022-07-20,,https://www.livemint.com/politics/policy/jal-jeevan-mission-has-hit-51-mark/amp-11658339215579.html,Title as in the address.,news (interview with official),medium
S51,Centre seeks to award all Jal Jeevan projects by year-end,Livemint,,"about 22 Jul 2022 (the collector's dating; not printed in the notes)",https://www.livemint.com/news/india/centre-seeks-to-award-all-jal-jeevan-projects-by-yearend/amp-11658510704742.html,"Title as in the address. Its figures are as printed and lower than earlier ones in places: treat with care.",news (citing ministry data),medium-low
S52,Har Ghar Jal Utsav launched to follow up tap water for all scheme,CNBC-TV18,2022-07-25,,https://www.cnbctv18.com/india/har-ghar-jal-utsav-launched-to-follow-up-tap-water-for-all-scheme-14244092.htm,Title as in the address.,news (citing ministry data),medium
S53,Har Ghar Jal in full flow: Goa is first state to provide tap water connections to all 2.6 lakh rural homes,News18,2022-08-17,,https://www.news18.com/amp/news/india/har-ghar-jal-in-full-flow-goa-is-first-state-to-provide-tap-water-connections-to-all-2-6-lakh-rural-homes-5769499.html,Title as in the address.,news (citing ministry data),medium
S54,"Jal Jeevan Mission: more than 16 lakh women trained in around 2 lakh villages to check rural water quality using field test kits",Swarajya,2022-12-28,,https://swarajyamag.com/amp/story/news-brief/jal-jeevan-mission-more-than-16-lakh-women-trained-in-around-2-lakh-villages-to-check-rural-water-quality-using-field-test-kits,Title as in the address; reports the ministry's year-end review 2022.,news (reporting ministry year-end review),medium
S55,Jal Jeevan Mission: 59% of rural households in India now have tap water connections (Lok Sabha reply),India News Network,2023-03-24,,https://www.indianewsnetwork.com/20230324/jal-jeevan-mission-59-of-rural-households-in-india-now-have-tap-water-connections,Title as in the address.,news (reporting parliament reply),medium
S56,India can avoid 400k deaths if Jal Jeevan Mission meets target: WHO report,Hindustan Times,2023-06-10,,https://www.hindustantimes.com/india-news/india-can-avoid-400k-deaths-if-jjm-meets-target-who-report-101686336491269.html,,news (citing WHO report and ministry data),medium
S57,Gajendra Singh Shekhawat inaugurates National Conference on Rural WASH Partners' Forum,Orissa Diary (reproduces PIB text),,"not recorded (the conference was on 21 Jul 2023)",https://orissadiary.com/gajendra-singh-shekhawat-inaugurates-national-conference-on-rural-wash-partners-forum/,,official release (via mirror),high
S58,'Har Ghar Nal Se Jal' Scheme (PIB text; Parliament reply with data as on 26.07.2023),Mirror 365 (reproduces PIB text),2023-07-31,,http://mirror365.com/har-ghar-nal-se-jal-scheme/,"The State/UT-wise annex of the reply is cut off in the stored copy.",official reply (via mirror),high
S59,71 pc rural households have tap water connection under Jal Jeevan Mission: Govt (PTI; Rajya Sabha reply),LatestLY (PTI),2023-12-04,,https://www.latestly.com/agency-news/india-news-71-pc-rural-households-have-tap-water-connection-under-jal-jeevan-mission-govt-5606442.html,Title as in the address.,news (reporting parliament reply),medium-high
S60,Har Ghar Jal initiative (PIB text),EduPub (reproduces PIB text),,February 2024 (month only; from the address),https://www.edupub.org/2024/02/har-ghar-jal-initiative.html,,official release (via mirror),high (mirror)
S61,"Over 14.24 crore (73.93%) rural households ... (PIB text)",International Journal of Research (reproduces PIB text),,February 2024 (month only; from the address),https://internationaljournalofresearch.org/2024/02/over-1424-crore-7393-rural-households.html,Title as in the address (cut there).,official release (via mirror),high (mirror)
S62,"Economic Survey 2023-24, Chapter 12, para 12.42","Ministry of Finance (text via GitHub SAKET03/Economic-Survey-AdvancedRAG, output/02/ES_23-24/chapter_12/chapter_12.md)",2024-07-22,,https://github.com/SAKET03/Economic-Survey-AdvancedRAG,,official document (via text extraction),high
S63,Report of the Jal Shakti minister's remarks in Surat (The Shillong Times),mypresstoday (reproduces The Shillong Times),,not recorded,https://mypresstoday.com/in/en/frame/6212/313655317,"The headline was not recorded; the report quotes the minister, C R Paatil, in Surat on 2 Feb 2025.",news (quoting minister),medium
S64,More than 80% of Indian rural households have potable water connection (Rajya Sabha reply),Livemint,2025-07-21,,https://www.livemint.com/news/india/more-than-80-of-indian-rural-households-have-potable-water-connection-11753100199955.html,"Title as in the address. The report prints 'more than 156.7 Crore' households with a tap, a unit slip.",news (reporting parliament reply),medium-high (unit slip in source)
S65,More than 81 per cent rural households have tap water supply: Jal Shakti minister (PTI),NewsDrum (PTI),2026-01-29,"printed as 'Jan 29' without a year; 2026 inferred from the weekday (Thursday) and the minister named (C R Paatil)",https://www.newsdrum.in/national/more-than-81-per-cent-rural-households-have-tap-water-supply-jal-shakti-minister-11055673,Title as in the address.,news (quoting minister),medium-high
"""


def rows(header: list[str], text: str) -> list[dict[str, str]]:
    """Parse one block of transcribed CSV rows; fail on a row of the wrong width."""
    parsed = []
    for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        if len(cells) != len(header):
            raise ValueError(f"round_2 row {number}: {len(cells)} cells, not {len(header)}")
        parsed.append(dict(zip(header, cells, strict=True)))
    return parsed


def national_rows() -> list[dict[str, str]]:
    """The national time points of 02_state_and_national_coverage.md section A."""
    return rows(NATIONAL_HEADER, NATIONAL_ROWS)


def coverage_sources() -> list[dict[str, str]]:
    """The sources of those time points."""
    return rows(SOURCES_HEADER, SOURCES_ROWS)
