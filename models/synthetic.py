"""Fictional people, places and charges shared by the demo database and the ``sample`` command.

Every name, number and place here is invented for demonstration and testing. The county is the
fictional "Alder County"; ORIs use the unassigned California county code 099.
"""

from __future__ import annotations

FAMILY_NAMES = (
    "Núñez", "García-López", "O'Neil", "Nguyễn", "Müller", "Okonkwo", "Hernández", "Tran",
    "Smith-Ortega", "Kowalczyk", "Álvarez", "Dubois", "Park", "Ramírez", "Şahin", "Lê",
    "Fitzgerald", "Castañeda", "Ivanova", "Mendoza", "Béland", "Chávez-Ruiz", "Santos",
    "Haddad", "Pham", "Reyes", "Morales", "Zúñiga", "D'Angelo", "Kim", "Vásquez", "Mbeki",
    "Torres", "Gómez", "Flores", "Navarro", "Delgado", "Cruz-Medina", "Huang", "Ortiz",
)
GIVEN_NAMES = (
    "María José", "José Luis", "Thảo", "Jürgen", "Chiamaka", "Ana", "Minh", "Siobhán",
    "Zoë", "Renée", "Óscar", "Ji-woo", "Ramón", "Élodie", "Tomás", "Lucía", "Ngọc Anh",
    "Dmitri", "Fatima", "Ahmed", "Carmen", "Luis Ángel", "Héctor", "Inés", "Quang",
    "Rosa", "Miguel", "Yesenia", "Wei", "Patrick",
)
COUNTRIES = (
    "Mexico", "Guatemala", "El Salvador", "Honduras", "Viet Nam", "Philippines", "China",
    "India", "Korea, Republic of", "Nigeria", "Ireland", "Germany", "Turkey", "Canada",
)
LANGUAGES = ("Spanish", "Vietnamese", "Tagalog", "Chinese", "Korean", "English", "Mam",
             "K'iche'", "Turkish", "German")
FACILITIES = (
    "Alder County Main Jail", "Alder County Women's Facility", "Ridgeview Correctional Center",
    "North Valley Detention Annex", "Alder County Work Furlough Center",
)
AGENCIES = (
    ("CA0990000", "Alder County Sheriff's Office"),
    ("CA0990100", "Alder City Police Department"),
    ("CA0990200", "Ridgeview Police Department"),
    ("CA0990300", "North Valley Police Department"),
)
#: (statute, description, class, SC crime-type level)
CHARGES = (
    ("PC 459", "Burglary", "felony", "2"),
    ("PC 484(a)", "Petty theft", "misdemeanor", "2"),
    ("VC 23152(a)", "Driving under the influence", "misdemeanor", "3"),
    ("HS 11350(a)", "Possession of a controlled substance", "wobbler", "2"),
    ("PC 243(e)(1)", "Battery on a spouse or cohabitant", "misdemeanor", "1"),
    ("PC 245(a)(1)", "Assault with a deadly weapon", "wobbler", "1"),
    ("VC 12500(a)", "Driving without a licence", "misdemeanor", "3"),
    ("PC 148(a)(1)", "Resisting a peace officer", "misdemeanor", "3"),
    ("PC 211", "Robbery", "felony", "1"),
    ("HS 11378", "Possession for sale of a controlled substance", "felony", "1"),
    ("PC 273.5(a)", "Corporal injury to a spouse", "wobbler", "1"),
    ("VC 14601.1(a)", "Driving on a suspended licence", "misdemeanor", "3"),
    ("PC 647(f)", "Public intoxication", "misdemeanor", "3"),
    ("VC 10851(a)", "Unlawful taking of a vehicle", "wobbler", "2"),
    ("VC 22350", "Unsafe speed", "infraction", "3"),
)
DISPOSITIONS = ("Convicted", "Dismissed", "Pending", "Acquitted", "Diversion")
RESPONSE_TYPES = ("ident_match", "ident_match_iar", "no_match", "error")
ICE_RESPONSES = (
    "Detainer (I-247) issued", "No action", "Detainer issued, later lifted",
    "Notification requested", "Under review by LESC",
)
RELEASE_REASONS = (
    ("Bail posted", "Self"), ("Charges dropped", "Self"), ("Sentence served", "Self"),
    ("Released to ICE", "ICE ERO San Francisco"), ("Transferred", "State prison"),
)
