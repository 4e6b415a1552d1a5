# ruff: noqa: E501  (transcribed rows: one source row per line, as in a CSV)
"""Organisations and sources transcribed from round-2's 01_sector_partners.md, for curate.py.

Each organisation is one row in the directory's layout. The relationship is written in our own
words from the source (its figures verbatim); ``role`` holds the documented role in the terms of
the package vocabulary's ``documented_role`` category, several separated by '; '. None of these
sources calls an organisation an official NJJM "sector partner". Left out, as the notes advise:
row 23 (Reckitt's Mission Paani with Water For People India, a campaign that only "augments" the
mission: a weak link), row 24 (Rajasthan Human Care Foundation: its only source is a page found
through a code index, with no public address), the placeholder for the unnamed functionality
assessors, the Jal Shakti Abhiyan thank-you list (not JJM) and the two false positives (the
Hinduja Foundation's own "Jal Jeevan" programme, the Jal Jeevan Dhara Foundation). NCVET is
named with NSDC and WMPSC but is a regulator, so it is not a row of its own.
"""

from __future__ import annotations

from round_2 import rows

# Terms of the vocabulary category documented_role: (term, source using it, other source, meaning).
ROLE_TERMS = [
    ("Key Resource Centre", "P35", "P04", "empanelled or recognised by the mission to train its functionaries and communities"),
    ("Implementation Support Agency", "P36", "P27", "engaged by a State to support villages in planning, building and running their water supply"),
    ("State MoU", "P13", "P29", "a memorandum of understanding signed with a State's Jal Jeevan Mission"),
    ("national task force", "P21", "", "a member of the task force set up by the Ministry of Jal Shakti"),
    ("Rural WASH Partners' Forum", "P20", "", "runs or takes part in the forum the Department set up for its development partners"),
    ("implementation partner", "P10", "", "runs a drinking-water project described as in partnership with the mission"),
    ("technical assistance", "P16", "P17", "technical assistance or support to a mission directorate"),
    ("technology partner", "P32", "", "built or piloted a technology (a portal, sensors) with the mission"),
    ("knowledge partner", "P17", "P18", "a study, report or assessment of the mission's work"),
    ("skilling", "P33", "P34", "developed training courses for the mission's workforce"),
    ("funder", "P06", "P17", "funds another organisation's work for the mission"),
    ("CSR", "P30", "", "a company's corporate social responsibility programme under or for the mission"),
    ("other support", "P07", "P08", "support for the mission's aims as the source describes it, with no named mechanism"),
]

# Roles of the four first-pass organisations (their rows come from the shared CSV), and the
# second source that gives new detail on two of them.
SEED_ROLES = {
    "tata-trusts": ("implementation partner", "P10"),
    "unops": ("technical assistance", "P17"),
    "aas-indore": ("other support", ""),
    "arghyam": ("other support", ""),
}

ORGANISATION_HEADER = ["organisation_id", "organisation", "organisation_type", "states", "themes",
                       "relationship_as_described", "source_id"]
# The added columns, after relationship_as_described and after source_id respectively.
ROLE, OTHER_SOURCE = "role", "other_source_id"
ORGANISATION_ROWS = """\
tata-community-initiatives-trust,Tata Community Initiatives Trust,trust,Himachal Pradesh,smart water monitoring; Internet of Things,"with Tata Trusts, piloted sensor-based monitoring of village water supply from September 2020, to show how monitoring could support the mission's wider roll-out (the Trusts' annual report 2020-21)",technology partner,P11,P12
cml-assam,Centre for Microfinance and Livelihood (CML),NGO,Assam (hilly districts),springshed management; capacity building,"a Tata Trusts associate; signed an MoU with Jal Jeevan Mission, Assam, reported on 25 Oct 2024, for capacity building in springshed and water-resource management",State MoU,P13,P14
well-labs,"WELL Labs (Water, Environment, Land and Livelihoods Labs)",R&D institution,Assam (hilly districts),springshed management; source sustainability,"research institute in Chennai; signed an MoU with Jal Jeevan Mission, Assam, reported on 25 Oct 2024, to draw up a roadmap for springshed management for piped water schemes",State MoU,P13,P14
wateraid-india,WaterAid India,NGO,Assam,drinking water security,"says on an undated page of its own that it signed an MoU with Jal Jeevan Mission, Assam",State MoU,P15,
unicef-india,UNICEF India,UN agency,"Chhattisgarh; Gujarat (assessment of water-testing laboratories, with SIGMA Foundation)",operation and maintenance; water quality monitoring and surveillance; skilling,"technical assistance to the mission directorate of Chhattisgarh's PHED on an operation and maintenance policy and on water-quality monitoring and surveillance (presentation of March 2023); in Gujarat, supported an assessment of WASMO's water-testing laboratories",technical assistance,P16,P31
amity-university-chhattisgarh,Amity University (Chhattisgarh),university,Chhattisgarh,field support,"named in the same presentation as engaging its students in UNICEF's and PHED's work for the mission; the stored text is cut off there",technical assistance,P16,
government-of-denmark,Government of Denmark,foreign government,Uttar Pradesh,technical support,"partnered with UNOPS under the India-Denmark Green Strategic Partnership of 2020 to give the mission technical support in Uttar Pradesh",funder,P06,P17
sankala-foundation,Sankala Foundation,foundation,(national),impact research,"released with UNOPS a report on the mission's impact, launched on 1 Oct 2024",knowledge partner,P17,
who,World Health Organization (WHO),UN agency,(national),health impact assessment,"asked by the ministry to study the health gains of safe tap water for all; its study, reported in June 2023, estimated almost 4 lakh diarrhoeal deaths averted",knowledge partner,P18,P19
kpmg-india,KPMG India,company,(national),partners' forum,"the Department of Drinking Water and Sanitation set up the Rural WASH Partners' Forum, a platform for the organisations that support rural WASH, in collaboration with KPMG India (conference of 21 Jul 2023)",Rural WASH Partners' Forum,P20,
gram-vikas,Gram Vikas,NGO,Odisha,capacity building; community management,"says it is one of the Key Resource Centres in Odisha, the Implementation Support Agency for the Berhampur division and one of two non-profits on the national task force, and that it will hold 240 trainings in the first year (30 Jul 2021)",Key Resource Centre; Implementation Support Agency; national task force,P21,
ustm,University of Science & Technology Meghalaya (USTM),university,Meghalaya; Assam; Nagaland (training),capacity building,"as a Key Resource Centre, runs the mission's training in parts of Meghalaya and Assam; trained 60 participants from Nagaland in Dimapur on 16-19 Nov 2022",Key Resource Centre,P22,
aiilsg,All India Institute of Local Self Government (AIILSG),institute,(national),capacity building,"says in its own magazine (June 2022) that it was empanelled as a Key Resource Centre for training at senior, middle and community level",Key Resource Centre,P23,
gramalaya,Gramalaya,NGO,Karnataka; Andhra Pradesh; Telangana; Kerala; Tamil Nadu; Puducherry; Andaman and Nicobar Islands,capacity building,"publishes on an undated page of its own a Key Resource Centre training calendar for panchayat members, village water committees and ISA staff",Key Resource Centre,P24,
hiht,Himalayan Institute Hospital Trust (HIHT),trust,"Uttarakhand (Dehradun, Haridwar, Rudraprayag)",capacity building; water testing with field test kits,"says on an undated page of its own that the Ministry of Jal Shakti recognised it as a Key Resource Centre in April 2021 and that it gave orientation trainings to around 6540 functionaries",Key Resource Centre,P25,
spgvs,Saiprem Gramin Vikas Sanstha (SPGVS),NGO,"Maharashtra (Yavatmal, Pune); Madhya Pradesh (Hoshangabad); Chhattisgarh (Dantewada, Balodabazar)",capacity building,"describes itself on an undated page as a Key Resource Centre of the mission working in three states",Key Resource Centre,P26,
rajagiri-outreach,Rajagiri outREACH,NGO,Kerala (10 panchayats),information and communication; village action plans; operation and maintenance,"says on an undated page that the Kerala Rural Water Supply and Sanitation Agency empanelled it as Implementation Support Agency of the mission in 10 panchayats",Implementation Support Agency,P27,
safe-water-network,Safe Water Network,NGO,Haryana,in-line chlorination; operation and maintenance training,"says on an undated page that it supports the mission with in-line chlorination and training of operators, starting in Haryana",technical assistance,P28,
pentair-foundation,Pentair Foundation,foundation,Haryana,funding,"named by Safe Water Network as the supporter of its programme for the mission (undated)",CSR,P28,
arsrlm,Arunachal State Rural Livelihoods Mission (ArSRLM),government body,Arunachal Pradesh,women's self-help groups; community participation,"signed an MoU with the mission director of Jal Jeevan Mission in Arunachal Pradesh (reported on 22 Aug 2020) to involve women's self-help groups",State MoU,P29,
ambuja-cement-foundation,Ambuja Cement Foundation,foundation,Gujarat (Ambujanagar),household tap connections,"the company said its foundation facilitated tap connections for 2,281 households in 12 villages under the mission in 2021",CSR,P30,
sigma-foundation,SIGMA Foundation,NGO,Gujarat,water-testing laboratories,"assessed WASMO's water-testing laboratories against the mission's norms, with UNICEF Gujarat (undated)",knowledge partner,P31,
icmr,Indian Council of Medical Research (ICMR),government body,(national),water quality information system,"the mission's water quality portal (WQMIS) was developed in partnership with ICMR (report of 2021)",technology partner,P32,
nsdc,National Skill Development Corporation (NSDC),company,(national),skilling,"with WMPSC and the regulator NCVET, developed with the Department the 'Nal Jal Mitra' multiskilling course (510 hours, NSQF level 4)",skilling,P33,P34
wmpsc,Water Management and Plumbing Skill Council (WMPSC),sector skill council,(national),skilling,"with NSDC and the regulator NCVET, developed with the Department the 'Nal Jal Mitra' multiskilling course (510 hours, NSQF level 4)",skilling,P33,P34
"""
ORGANISATION_COLUMNS = [*ORGANISATION_HEADER[:6], ROLE, "source_id", OTHER_SOURCE]

SOURCES_HEADER = ["source_id", "title", "publisher_or_outlet", "date_published",
                  "date_published_note", "url", "note", "source_type", "reliability"]
SOURCES_ROWS = """\
P10,Integrated Drinking Water Project in multiple states in partnership with the Jal Jeevan Mission,Tata Trusts,,undated page,https://www.tatatrusts.org/our-work/water-sanitation-and-hygiene/Water-Access/integrated-drinking-water-project-in-multiple-states-in-partnership-with-the-jal-jeevan-mission,,self-reported by organisation,medium
P11,"Tata Trusts Annual Report 2020-21, p. 40",Tata Trusts,,2021 (annual report 2020-21),https://www.tatatrusts.org/ebook/tata-trusts-annual-report-2020-21/files/basic-html/page40.html,,self-reported by organisation,medium
P12,National Jal Jeevan Mission writes to States/UTs for measurement and monitoring of water supply in villages (PIB text),Orissa Diary,2021-05-16,,https://orissadiary.com/national-jal-jeevan-mission-writes-to-states-uts-for-measurement-and-monitoring-of-water-supply-in-villages/,"Title as in the address. Mentions sensor pilots with 'sector partners' at 11 locations without naming them.",PIB text (via mirror),high
P13,"Assam: Jal Jeevan Mission signs MoUs to secure sustainable water supply",Northeast Today,2024-10-25,,https://www.northeasttoday.in/2024/10/25/assam-jal-jeevan-mission-signs-mous-to-secure-sustainable-water-supply/,Title as in the address; date from the address.,news,medium
P14,Assam Jal Jeevan Mission inks MoU with CML and WELL Labs to secure sustainable water supply,The Sentinel,,not recorded (the MoU was reported on 25 Oct 2024),https://www.sentinelassam.com/north-east-india-news/assam-news/assam-jal-jeevan-mission-inks-mou-with-cml-and-well-labs-to-secure-sustainable-water-supply,Title as in the address.,news,medium
P15,Drinking water security,WaterAid India,,undated page,https://www.wateraid.org/in/drinking-water-security,,self-reported by organisation (undated),low-medium
P16,"UNICEF's initiatives towards sustainable rural drinking water systems, in collaboration with Amity University and PHED, Government of Chhattisgarh (presentation)",Scribd (upload of a UNICEF presentation),,"presentation of March 2023 (the file is named 'Orientation-Amity-Students-130323'; the upload date was not recorded)",https://www.scribd.com/document/709519858/Orientation-Amity-Students-130323,The stored text is cut off in the part on Amity University.,slide deck (via upload site),low-medium
P17,Latest report sheds light on India's Jal Jeevan Mission,United Nations in India,2024-10-01,,https://india.un.org/en/280123-latest-report-sheds-light-india%E2%80%99s-jal-jeevan-mission,,UN system,high
P18,India can avoid 400k deaths if Jal Jeevan Mission meets target: WHO report,Hindustan Times,2023-06-10,,https://www.hindustantimes.com/india-news/india-can-avoid-400k-deaths-if-jjm-meets-target-who-report-101686336491269.html,,news (citing WHO report),medium-high
P19,"Almost 4 lakh diarrhoeal disease deaths can be averted through Jal Jeevan Mission, says WHO study",Deccan Herald (DHNS),,not recorded (June 2023),https://deccanherald.com./amp/story/india%2Falmost-4-lakh-diarrhoeal-disease-deaths-can-be-averted-through-jal-jeevan-mission-says-who-study-1226440.html,Title as in the address (the address is as recorded).,news (citing WHO report),medium-high
P20,Gajendra Singh Shekhawat inaugurates National Conference on Rural WASH Partners' Forum (PIB text),Orissa Diary,,not recorded (the conference was on 21 Jul 2023),https://orissadiary.com/gajendra-singh-shekhawat-inaugurates-national-conference-on-rural-wash-partners-forum/,,PIB text (via mirror),high
P21,Gram Vikas to build community capacities in water supply systems across 7769 villages under Jal Jeevan Mission,Gram Vikas,2021-07-30,,https://www.gramvikas.org/blg/gram-vikas-to-build-community-capacities-in-water-supply-systems-across-7769-villages-under-jal-jeevan-mission/,,self-reported by organisation (dated),medium
P22,Level-3 training for JJM stakeholders by USTM at Dimapur begins,The Shillong Times,2022-11-17,,https://theshillongtimes.com/2022/11/17/level-3-training-for-jjm-stakeholders-by-ustm-at-dimapur-begins/,,news,medium
P23,"Project Update June 2022, p. 12 (AIILSG magazine)",Urban Update (issuu),,June 2022 (month only),https://issuu.com/urbanupdatemag/docs/project_update_june_2022_final/12,,organisation's own publication,medium
P24,Level 2 KRC Training Calendar,Gramalaya,,undated page,https://www.gramalaya.org/Level_2__KRC_Training_Calendar-8.html,,self-reported by organisation (undated),low
P25,Jal Jeevan Mission Trainings,Swami Rama Society (Himalayan Institute Hospital Trust),,undated page,https://swamiramasociety.org/jal-jeevan-mission-trainings,,self-reported by organisation (undated),low
P26,JJM KRC,Saiprem Gramin Vikas Sanstha,,undated page,https://saipremgvs.in/jjm-krc-batch1,"The page says the organisation is 'one of the 113th krc', a count of Key Resource Centres not confirmed elsewhere.",self-reported by organisation (undated),low
P27,Jal Jeevan Mission,Rajagiri outREACH,,undated page,https://rajagirioutreach.org/jal-jeevan-mission/,,self-reported by organisation (undated),low
P28,Supporting India's Jal Javeen Mission with In-Line Chlorination and Training,Safe Water Network,,undated page (its figures suggest about 2022),https://safewaternetwork.org/news/supporting-indias-jal-javeen-mission-with-in-line-chlorination-and-training/,Title as printed (with the source's spelling 'Javeen').,self-reported by organisation (undated),low-medium
P29,JJM and ArSRLM ink MoU,The Arunachal Times,2020-08-22,,https://arunachaltimes.in/index.php/2020/08/22/jjm-and-arsrlm-ink-mou/,The MoU was signed on 21 Aug 2020.,news,medium
P30,CSR: Ambuja Cement Foundation facilitates tap water to over 2000 households of Gujarat,India CSR,,not recorded (the work was in 2021),https://indiacsr.in/csr-ambuja-cement-foundation-facilitates-tap-water-to-over-2000-households-of-gujarat,A company statement carried by a CSR news site.,company statement (via news site),low-medium
P31,Reports on Gujarat WQMS Labs,India Water Week (The Water Network),,undated page,https://indiawaterweek.thewaternetwork.com/article-FfV/reports-on-gujarat-wqms-labs-03k_iNmUvxv9ndT4z0dVjA,,organisation's report summary (undated),low-medium
P32,Complaining About Poor Water Quality? Get It Tested On One-Stop Government Portal,The Logical Indian,,not recorded (2021: it gives figures as of July 2021),https://thelogicalindian.com/good-governance/get-water-quality-tested-at-one-stop-government-portal-30374,,news,medium
P33,Post #005 Nal Jal Mitra Programme,itiraj.in (blog),,undated page,https://itiraj.in/blog/post-005,"A secondary text in official wording; the roll-out in Punjab was reported in February 2024 (P34).",secondary (blog),low-medium
P34,Nal Jal Mitra scheme to be launched soon in all villages of Punjab: Jimpa,India24Post,,February 2024 (month only),https://india24post.com/nal-jal-mitra-scheme-to-be-launched-soon-in-all-villages-of-punjab-jimpa/,Title as in the address.,news,medium
P35,"Jal Jeevan Mission, Har Ghar Jal: Guidelines for Capacity Building by Key Resource Centres (JJM Document-9)","National Jal Jeevan Mission, via docslib",,October 2020 (month only),https://docslib.org/doc/647033/jal-jeevan-mission-har-ghar-jal,The list of Key Resource Centres is not visible in the stored copy.,official document (via mirror),high
P36,Central Grant of Rs 831 Crore released to Odisha under Jal Jeevan Mission,Press Information Bureau,2021-12-31,,https://pib.gov.in/PressReleaseIframePage.aspx?PRID=1786591,Says six Implementing Support Agencies are engaged in Odisha.,press release,high
"""


def organisations() -> list[dict[str, str]]:
    """The organisations of 01_sector_partners.md section A that the directory takes."""
    return rows(ORGANISATION_COLUMNS, ORGANISATION_ROWS)


def sources() -> list[dict[str, str]]:
    """Their sources (and those of the role vocabulary), P10 onwards."""
    return rows(SOURCES_HEADER, SOURCES_ROWS)


def role_vocabulary() -> list[dict[str, str]]:
    """The documented_role terms as vocabulary rows (category, term, source_id, other_source_id)."""
    return [{"category": "documented_role", "term": term, "source_id": source,
             "other_source_id": other} for term, source, other, _meaning in ROLE_TERMS]
