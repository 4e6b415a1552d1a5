# ruff: noqa: E501  (transcribed rows: one source row per line, as in a CSV)
"""State/UT figures at new dates, from round-2's 02_state_and_national_coverage.md section B.

Long format, one figure per row, as printed: the value in its unit and precision, the source's
wording of the metric in ``metric_as_printed`` and of the figure in ``qualifier``, every doubt in
``caveat`` and every inferred date in ``date_inferred`` (with the reason in ``note``). The
Odisha and Chhattisgarh water-quality figures of the same releases are in the water-quality
package. Left out: the 11 States/UTs of Republic World's list at "50-72%" (a range, not a figure
per State), Chhattisgarh's "11,642 (99.8 percent) of Gram Panchayats for testing drinking water
sources" (what is counted is not clear from the words kept), and the releases whose State annex
is cut in every stored copy (§ intro of the note: no table could be recovered).
"""

from __future__ import annotations

from round_2 import rows

HEADER = ["as_of", "date_inferred", "state_name", "lgd_state_code", "metric", "metric_as_printed",
          "value", "unit", "qualifier", "source_id", "caveat", "note"]

METRICS = {
    "pct_rural_hh_given_tap_since_launch": "percent",
    "pct_rural_hh_with_tap": "percent",
    "pct_rural_hh_tap_metric_unclear": "percent",
    "pct_rural_population_with_tap": "percent",
    "total_rural_hh_lakh": "lakh households",
    "hh_with_tap_lakh": "lakh households",
    "hh_with_tap": "households",
    "har_ghar_jal_districts": "districts",
    "villages_every_hh_with_tap": "villages",
    "vwscs_constituted": "committees",
    "village_action_plans": "plans",
    "isas_engaged": "agencies",
    "schools_with_tap": "schools",
    "pct_schools_with_tap": "percent",
    "anganwadi_centres_with_tap": "centres",
    "pct_anganwadi_centres_with_tap": "percent",
}

IE = "Dashboard figure for 3 Nov 2020 as reported on 4 Nov 2020 (as_of as the collector dated it); 32 States/UTs were ranked, only these were named."
SAKSHI = "The values match each State's share of households given a tap since launch, not its total coverage: the metric the source names may not be the one it reports."
S51_CAVEAT = "The article's other figures are lower than earlier ones in places: treat with care."

ROWS = f"""\
2020-11-03,false,Telangana,36,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,69.56,percent,,S37,,"{IE} Top of the list; 'about 38 lakh tap connections'."
2020-11-03,false,Bihar,10,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,54.38,percent,,S37,,"{IE}"
2020-11-03,false,Goa,30,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,24.3,percent,,S37,,"{IE}"
2020-11-03,false,Mizoram,15,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,23.19,percent,,S37,,"{IE}"
2020-11-03,false,Haryana,6,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,21.12,percent,,S37,,"{IE}"
2020-11-03,false,Manipur,14,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,20.78,percent,,S37,,"{IE}"
2020-11-03,false,Himachal Pradesh,2,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,19.99,percent,,S37,,"{IE}"
2020-11-03,false,Maharashtra,27,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,15.4,percent,,S37,,"{IE}"
2020-11-03,false,Uttarakhand,5,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,14.97,percent,,S37,,"{IE}"
2020-11-03,false,Jammu and Kashmir,1,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,14.94,percent,,S37,,"{IE}"
2020-11-03,false,West Bengal,19,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,1.44,percent,,S37,,"{IE} Named with the bottom of the list of 32."
2020-11-03,false,Karnataka,29,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,1.4,percent,,S37,,"{IE}"
2020-11-03,false,Kerala,32,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,1.78,percent,,S37,,"{IE}"
2020-11-03,false,Ladakh,37,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,2.25,percent,,S37,,"{IE}"
2020-11-03,false,Assam,18,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,3.39,percent,,S37,,"{IE}"
2020-11-03,false,Jharkhand,20,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,3.36,percent,,S37,,"{IE}"
2020-11-03,false,Rajasthan,8,pct_rural_hh_given_tap_since_launch,share of rural households given a tap connection since launch,3.69,percent,,S37,,"{IE}"
2021-07-02,false,Haryana,6,pct_rural_population_with_tap,rural population with tap water,95,percent,over,S66,,Ministry statement as reported on 2 Jul 2021.
2021-07-02,false,Haryana,6,har_ghar_jal_districts,districts that achieved the 'Har Ghar Jal' target,12,districts,,S66,,"'12 out of 22 districts'; '6 out of the remaining 10 districts have also achieved more than 98 percent'. The districts are named in the district_figures resource."
2021-09-28,false,Haryana,6,har_ghar_jal_districts,districts that achieved the 'Har Ghar Jal' target,21,districts,,S45,,'Twenty-one out of the 22 districts'.
2021-12-31,false,Odisha,21,total_rural_hh_lakh,rural households,85.67,lakh households,,S67,,
2021-12-31,false,Odisha,21,hh_with_tap_lakh,rural households with a tap connection,35.37,lakh households,,S67,,
2021-12-31,false,Odisha,21,pct_rural_hh_with_tap,rural households with a tap connection,41.28,percent,,S67,,
2019-08-15,false,Odisha,21,hh_with_tap_lakh,rural households with a tap connection at the launch of the mission,3.10,lakh households,,S68,,Reported on 2 Jan 2022.
2019-08-15,false,Odisha,21,pct_rural_hh_with_tap,rural households with a tap connection at the launch of the mission,3.63,percent,,S68,,Reported on 2 Jan 2022.
2021-12-31,false,Odisha,21,vwscs_constituted,Village Water and Sanitation Committees constituted,3695,committees,,S67,The collector took these figures from the PIB release (S67) and the New Indian Express report of 2 Jan 2022 (S68) together without saying which prints each.,
2021-12-31,false,Odisha,21,village_action_plans,Village Action Plans prepared,2345,plans,,S67,The collector took these figures from the PIB release (S67) and the New Indian Express report of 2 Jan 2022 (S68) together without saying which prints each.,
2021-12-31,false,Odisha,21,isas_engaged,Implementing Support Agencies engaged,6,agencies,,S67,,'Six Implementing Support Agencies (ISAs) have been engaged in the State'.
2021-12-31,false,Odisha,21,schools_with_tap,schools with tap water,36372,schools,,S67,The collector took these figures from the PIB release (S67) and the New Indian Express report of 2 Jan 2022 (S68) together without saying which prints each.,
2021-12-31,false,Odisha,21,pct_schools_with_tap,schools with tap water,67,percent,,S67,The collector took these figures from the PIB release (S67) and the New Indian Express report of 2 Jan 2022 (S68) together without saying which prints each.,
2021-12-31,false,Odisha,21,anganwadi_centres_with_tap,anganwadi centres with tap water,29097,centres,,S67,The collector took these figures from the PIB release (S67) and the New Indian Express report of 2 Jan 2022 (S68) together without saying which prints each.,
2021-12-31,false,Odisha,21,pct_anganwadi_centres_with_tap,anganwadi centres with tap water,54,percent,,S67,The collector took these figures from the PIB release (S67) and the New Indian Express report of 2 Jan 2022 (S68) together without saying which prints each.,
2022-01-07,false,Chhattisgarh,22,hh_with_tap,families with a domestic tap connection,766733,households,,S69,,"as_of is the article date. Printed as '7,66,733 (15.78 percent)'."
2022-01-07,false,Chhattisgarh,22,pct_rural_hh_with_tap,families with a domestic tap connection,15.78,percent,,S69,,as_of is the article date.
2022-01-07,false,Chhattisgarh,22,villages_every_hh_with_tap,villages where every family has a tap connection,132,villages,,S69,,"'100 percent families of 132 villages'; as_of is the article date."
2022-07-20,true,Telangana,36,pct_rural_hh_tap_metric_unclear,rural households fitted with tap water connections,70.99,percent,,S70,"{SAKSHI}","Rajya Sabha reply as reported on 21 Jul 2022; the reply's date is not printed, and the collector dates it about 20 Jul 2022."
2022-07-20,true,Gujarat,24,pct_rural_hh_tap_metric_unclear,rural households fitted with tap water connections,25.51,percent,,S70,"{SAKSHI}","Rajya Sabha reply as reported on 21 Jul 2022; the reply's date is not printed, and the collector dates it about 20 Jul 2022."
2022-07-20,true,Karnataka,29,pct_rural_hh_tap_metric_unclear,rural households fitted with tap water connections,28.74,percent,,S70,"{SAKSHI}","Rajya Sabha reply as reported on 21 Jul 2022; the reply's date is not printed, and the collector dates it about 20 Jul 2022."
2022-07-20,true,Madhya Pradesh,23,pct_rural_hh_tap_metric_unclear,rural households fitted with tap water connections,30.72,percent,,S70,"{SAKSHI}","Rajya Sabha reply as reported on 21 Jul 2022; the reply's date is not printed, and the collector dates it about 20 Jul 2022."
2022-07-20,true,Uttar Pradesh,9,pct_rural_hh_tap_metric_unclear,rural households fitted with tap water connections,12.73,percent,,S70,"{SAKSHI}","Rajya Sabha reply as reported on 21 Jul 2022; the reply's date is not printed, and the collector dates it about 20 Jul 2022."
2022-07-22,false,Madhya Pradesh,23,pct_rural_hh_with_tap,households with tap water supply,42.71,percent,,S71,,"as_of is the article date. The article also names 11 States/UTs at '50-72%' (a range, not published here)."
2022-07-22,true,Punjab,3,pct_rural_hh_with_tap,coverage,99,percent,,S51,"{S51_CAVEAT}","Article of about 22 Jul 2022 (the collector's dating; not printed)."
2022-07-22,true,Himachal Pradesh,2,pct_rural_hh_with_tap,coverage,92.5,percent,,S51,"{S51_CAVEAT}","Article of about 22 Jul 2022 (the collector's dating; not printed)."
2022-07-22,true,Gujarat,24,pct_rural_hh_with_tap,coverage,92,percent,,S51,"{S51_CAVEAT}","Article of about 22 Jul 2022 (the collector's dating; not printed)."
2022-07-22,true,Bihar,10,pct_rural_hh_with_tap,coverage,90,percent,,S51,"{S51_CAVEAT}","Article of about 22 Jul 2022 (the collector's dating; not printed)."
2022-07-25,false,Jharkhand,20,pct_rural_hh_with_tap,coverage,21,percent,,S52,,as_of is the article date.
2022-07-25,false,Uttar Pradesh,9,pct_rural_hh_with_tap,coverage,15,percent,,S52,,as_of is the article date.
2022-07-25,false,Rajasthan,8,pct_rural_hh_with_tap,coverage,25,percent,,S52,,as_of is the article date.
2022-07-25,false,West Bengal,19,pct_rural_hh_with_tap,coverage,28,percent,,S52,,as_of is the article date.
2022-08-17,false,Punjab,3,pct_rural_hh_with_tap,coverage,99.9,percent,,S53,,as_of is the article date.
2022-08-17,false,Gujarat,24,pct_rural_hh_with_tap,coverage,97,percent,,S53,,as_of is the article date.
2022-08-17,false,Bihar,10,pct_rural_hh_with_tap,coverage,95.49,percent,,S53,,as_of is the article date.
2022-08-17,false,Himachal Pradesh,2,pct_rural_hh_with_tap,coverage,94.85,percent,,S53,,as_of is the article date.
2022-08-17,false,Goa,30,hh_with_tap_lakh,all rural households in both districts with a tap connection,2.63,lakh households,,S53,,"'All 2.63 lakh households in both districts'; as_of is the article date."
2022-08-17,false,The Dadra and Nagar Haveli and Daman and Diu,38,hh_with_tap,all rural households with a tap connection,85156,households,,S53,,"'all 85,156 rural households'; as_of is the article date."
2022-12-21,false,Punjab,3,pct_rural_hh_with_tap,coverage,99.93,percent,,S54,,The ministry's year-end review 2022 as reported on 28 Dec 2022.
2022-12-21,false,Himachal Pradesh,2,pct_rural_hh_with_tap,coverage,97.17,percent,,S54,,The ministry's year-end review 2022 as reported on 28 Dec 2022.
2022-12-21,false,Bihar,10,pct_rural_hh_with_tap,coverage,95.76,percent,,S54,,The ministry's year-end review 2022 as reported on 28 Dec 2022.
2023-04-21,false,Madhya Pradesh,23,hh_with_tap_lakh,rural families with a tap connection,51.15,lakh households,more than,S72,,Reported on 22 Apr 2023.
2023-05-16,false,Lakshadweep,31,pct_rural_hh_with_tap,coverage,0,percent,,S73,,"Printed as 'zero per cent' (a reported zero, not a blank). Reported on 17 May 2023."
2023-05-16,false,Meghalaya,17,pct_schools_with_tap,schools with tap water,57,percent,,S73,,Reported on 17 May 2023.
2019-08-15,false,Rajasthan,8,hh_with_tap_lakh,households with a tap connection at the start of the mission,11.74,lakh households,,S65,,"Reported in Jan 2026 (year of the report inferred, see S65); printed as '11.74 lakh (10.90 per cent)', as in the State table of December 2025."
2019-08-15,false,Rajasthan,8,pct_rural_hh_with_tap,households with a tap connection at the start of the mission,10.90,percent,,S65,,"Reported in Jan 2026 (year of the report inferred, see S65)."
"""

SOURCES_HEADER = ["source_id", "title", "publisher_or_outlet", "date_published",
                  "date_published_note", "url", "note", "source_type", "reliability"]
SOURCES_ROWS = """\
S66,95% of Haryana's rural population covered under Jal Jeevan Mission,Livemint,2021-07-02,,https://www.livemint.com/news/india/95-of-haryana-s-rural-population-covered-under-jal-jeevan-mission-11625225287063.html,Title as in the address.,news (quoting ministry statement),medium-high
S67,Central Grant of Rs 831 Crore released to Odisha under Jal Jeevan Mission,Press Information Bureau,2021-12-31,,https://pib.gov.in/PressReleaseIframePage.aspx?PRID=1786591,,press release,high
S68,Rs 831 crore central aid for tap water supply to rural Odisha,The New Indian Express,2022-01-02,,https://www.newindianexpress.com/states/odisha/2022/jan/02/rs-831-crore-central-aid-for-tap-water-supply-to-rural-odisha-2402225.html,Title as in the address.,news (reporting press release),medium
S69,16 district water testing labs get NABL accreditation,The Daily Pioneer,2022-01-07,,https://dailypioneer.com/2022/state-editions/16-district-water-testing-labs-get-nabl-accreditation.html,Title as in the address; date as recorded by the collector.,news (citing State data),medium
S70,70.99 pc rural households in Telangana get tap water connections (Rajya Sabha reply),Sakshi Post,2022-07-21,,https://english.sakshi.com/news/telangana/7099-pc-rural-households-telangana-gets-tap-water-connections-158483,"Title read from the address, which drops the decimal point. The percentages it prints look like the share of households given a tap since launch, not total coverage.",news (reporting parliament reply),medium (metric unclear)
S71,Madhya Pradesh: Burhanpur becomes India's first certified Har Ghar Jal district,Republic World,2022-07-22,,https://www.republicworld.com/india-news/city-news/madhya-pradesh-burhanpur-becomes-indias-first-certified-har-ghar-jal-district-articleshow.html,Title as in the address.,news (quoting ministry),medium
S72,PM Modi felicitates Burhanpur collector Bhavya Mittal for excellent work in Jal Jeevan Mission,Free Press Journal,2023-04-22,,https://www.freepressjournal.in/bhopal/pm-modi-felicitates-burhanpur-collector-bhavya-mittal-for-excellent-work-in-jal-jeevan-mission,Title as in the address.,news,medium
S73,Jal Jeevan Mission: 12 crore rural households provided tap water connections so far,The Financial Express,2023-05-17,,https://www.financialexpress.com/india-news/jal-jeevan-mission-12-crore-rural-households-provided-tap-water-connections-so-far/3091111/,Title as in the address.,news (citing ministry data),medium
"""


def state_timepoints() -> list[dict[str, str]]:
    """The State/UT figures of section B, in the note's order."""
    return rows(HEADER, ROWS)


def sources() -> list[dict[str, str]]:
    """Their new sources, S66 onwards (the others are already in the registry)."""
    return rows(SOURCES_HEADER, SOURCES_ROWS)
