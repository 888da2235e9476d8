"""The template texts shipped with migration m004 (never edited; a change is a new version).

Seeded as version 1, active, of each letter type in each language the office needs at once:
every type in English, and the person-facing and public-records types in Spanish too. The
interview consent form in Chinese, Tagalog, Vietnamese and Korean is left out on purpose: the
office loads its certified translations, and until it does the app refuses to print that form
rather than print English under a foreign title.

The texts follow the template text format (see :mod:`models.letters.blocks`): blank lines
separate paragraphs; ``# `` heading, ``- `` bullet, ``[ ] `` checkbox, ``___ caption`` line to
sign; ``**bold**``. With ``trim_blocks`` a block tag eats the newline after it, so no line here
ends in a block tag after other text: a conditional line is written on lines of its own.
The letterhead, references, date, addressee, "Re:" line and the office's signature block come
from the layout; a body carries only the salutation, the text and the closing word. Law cited:
Cal. Gov. Code § 7283.1 (TRUTH Act), § 7284.6 (California Values Act), §§ 7920.000 ff.
(Public Records Act), 8 C.F.R. § 287.7(a), and the two detainer cases named in DOMAIN.md §6.
"""

from __future__ import annotations

from sqlite_utils import Database

# --- TRUTH Act notices and form (to the person) -------------------------------------------

_TRUTH_REQUEST_NOTICE_EN = """\
Dear {{ person.full_name }}:

On {{ detainer.received_on }}, the {{ office.county }} received a request about you from U.S. Immigration and Customs Enforcement (ICE){% if detainer.ice_office %}, {{ detainer.ice_office }}{% endif %}. California's TRUTH Act (Government Code section 7283.1(b)) requires us to give you a copy of the request and to tell you whether the County intends to comply with it. A copy of the request is enclosed with this letter.

# What ICE asked for

The request is on ICE form {{ detainer.form }}, dated {{ detainer.issued_on }}. In it, ICE asks the County to:

{% if detainer.requests_hold %}
- keep you in custody after the time you would otherwise be released (a "hold")
{% endif %}
{% if detainer.requests_notification %}
- tell ICE ahead of time the date you will be released (a "notification")
{% endif %}
{% if detainer.requests_transfer %}
- hand you over to ICE custody (a "transfer")
{% endif %}

# What the County has decided

{% if detainer.decision_code == "decline" %}
**The County will not comply with this request.** This means that the County will not do any of the things listed above because of this request.
{% elif detainer.decision_code == "notify_only" %}
**The County will not keep you in custody for ICE.** This request will not keep you in custody after the time you would otherwise be released. The County does intend to tell ICE the date you will be released. If it does, it will promptly give you the same notice in writing, and will also send it to your attorney or to one other person you choose.
{% elif detainer.decision_code == "honour" %}
**The County intends to comply with this request.**
{% if detainer.requests_hold %}
This means that you may be kept in custody after the time you would otherwise be released, so that ICE can take you into its custody{% if detainer.hold_expires_at %}, but not after {{ detainer.hold_expires_at }}{% endif %}.
{% endif %}
{% if detainer.requests_notification %}
The County will tell ICE the date you will be released, and will promptly give you the same notice in writing, and also send it to your attorney or to one other person you choose.
{% endif %}
{% else %}
The County has not yet decided whether to comply with this request. We will tell you in writing as soon as it decides.
{% endif %}

# Your rights

You have the right to talk to a lawyer about this request.
{% if attorney %}
Our records show {{ attorney.name }}{% if attorney.organisation %} ({{ attorney.organisation }}){% endif %} as your attorney.
{% endif %}

If ICE asks to interview you while you are in the County's custody, you will first be given a written consent form. The interview is voluntary: you may say no, or agree to it only with your attorney present.

This notice is not a decision about your criminal case or about your immigration status.

If you have questions about this notice, please ask jail staff{% if office.phone %}, or call the {{ office.name }} at {{ office.phone }}{% endif %}.

Si desea recibir este aviso en español, pídalo al personal de la cárcel.

Sincerely,
"""

_TRUTH_RELEASE_NOTICE_EN = """\
Dear {{ person.full_name }}:

We are writing to let you know that the {{ office.county }} is telling U.S. Immigration and Customs Enforcement (ICE) the date on which you are being, or will be, released from custody. California's TRUTH Act (Government Code section 7283.1(b)) requires that when the County gives ICE this notice, it promptly gives you the same notice in writing, and also gives it to your attorney or to one other person you choose.

# The release date given to ICE

**{{ booking.release_eligible_on }}**

This is the date on which you are being, or will be, released from {% if booking.facility %}{{ booking.facility }}{% else %}custody{% endif %} (booking number {{ booking.number }}). Release dates can change, for example if a court orders an earlier release or a sentence is recalculated. This notice does not change the date on which you are entitled to be released.

{% if detainer %}
ICE asked for this information in its request on form {{ detainer.form }}, dated {{ detainer.issued_on }}, which the County received on {{ detainer.received_on }}.
{% if detainer.decision_code == "notify_only" %}
The County will not keep you in custody for ICE after the time you would otherwise be released.
{% endif %}

{% endif %}
{% if attorney or designee %}
We are also sending this notice to {% if attorney %}{{ attorney.name }}, your attorney{% if designee %}, and to {{ designee.name }}, the person you designated{% endif %}{% else %}{{ designee.name }}, the person you designated{% endif %}.
{% else %}
We do not have the name of an attorney for you. If you have an attorney, or would like us to send this notice to one other person you choose, please give their name and address to jail staff as soon as possible.
{% endif %}

# Your rights

You have the right to talk to a lawyer. If ICE asks to interview you while you are in the County's custody, you will first be given a written consent form. The interview is voluntary: you may say no, or agree to it only with your attorney present.

This notice is not a decision about your criminal case or about your immigration status.

If you have questions about this notice, please ask jail staff{% if office.phone %}, or call the {{ office.name }} at {{ office.phone }}{% endif %}.

Si desea recibir este aviso en español, pídalo al personal de la cárcel.

Sincerely,
"""

_TRUTH_INTERVIEW_CONSENT_EN = """\
**Name:** {{ person.full_name }} · **Booking number:** {{ booking.number }}


# What this form is about

U.S. Immigration and Customs Enforcement (ICE), the federal agency that enforces immigration law, has asked to interview you while you are in the custody of the {{ office.county }}. The purpose of the interview is for ICE to ask you questions about your immigration status and about possible civil immigration violations. ICE may use what you say to decide whether to take action against you, including starting removal (deportation) proceedings.

California law (Government Code section 7283.1(a)) requires that you receive this form before any interview with ICE.

# Your rights

- **The interview is voluntary.** You do not have to talk to ICE.
- **You may decline to be interviewed.** To decline, mark the box "I do not agree to be interviewed" below.
- **You may choose to be interviewed only with your attorney present.** If you choose this, the interview will not take place unless your attorney is there.
- Anything you say to ICE may be used by ICE, including in immigration court.
- You may change your mind at any time, even after you sign this form.

{% if attorney %}
Our records show {{ attorney.name }}{% if attorney.organisation %} ({{ attorney.organisation }}){% endif %} as your attorney.

{% endif %}
This form is available in English, Spanish, Chinese, Tagalog, Vietnamese and Korean. If you would like it in one of these languages, or if you do not understand it, ask staff before you sign.

# Your choice (mark one box)

[ ] I agree to be interviewed by ICE.
[ ] I agree to be interviewed by ICE only with my attorney present.
[ ] I do not agree to be interviewed by ICE.

___ Signature of the person
___ Date and time

___ Name and signature of the officer or witness
___ Date and time

___ Interpreter, if one was used (name and language)
"""

# --- Letters to ICE (formal) -------------------------------------------------------------

_DETAINER_DECLINATION_EN = """\
Dear Sir or Madam:

On {{ detainer.received_on }}, the {{ office.county }} received your Form {{ detainer.form }} dated {{ detainer.issued_on }}{% if detainer.ice_officer %} and signed by {{ detainer.ice_officer }}{% endif %}, concerning the following individual in the County's custody:

- Name: {{ person.full_name }}
{% if person.date_of_birth %}
- Date of birth: {{ person.date_of_birth }}
{% endif %}
{% if person.a_number %}
- A-number: {{ person.a_number }}
{% endif %}
- Booking number: {{ booking.number }}
{% if booking.facility %}
- Facility: {{ booking.facility }}
{% endif %}
{% if detainer.ice_subject_id %}
- ICE subject ID: {{ detainer.ice_subject_id }}
{% endif %}
{% if detainer.event_number %}
- Event number: {{ detainer.event_number }}
{% endif %}

{% if detainer.decision_code == "notify_only" %}
**The County declines the request to detain this individual.** The County will not maintain custody of the individual beyond the time at which the individual would otherwise be released. The County will respond to any request for notification of release only as state law and the County's policy permit.
{% else %}
**The County declines this request.**
{% if detainer.requests_hold %}
The County will not maintain custody of the individual beyond the time at which the individual would otherwise be released.
{% endif %}
{% if detainer.requests_notification %}
The County will not notify ICE of the individual's release date on the basis of this request.
{% endif %}
{% if detainer.requests_transfer %}
The County will not transfer the individual to ICE custody on the basis of this request.
{% endif %}
{% endif %}

# Reasons

{% if detainer.has_judicial_warrant %}
The request is accompanied by a warrant issued by a judge. The County has reviewed it, and declines the request for the following reasons under its policy:
{% else %}
The request is not accompanied by a warrant issued by a judge or by a judicial determination of probable cause.{% if detainer.warrant %} Warrant received with the request: {{ detainer.warrant }}.{% endif %} An administrative warrant of the Department of Homeland Security is issued by an immigration officer, not by a judge. The County declines the request for the following reasons under its policy:
{% endif %}

{% if detainer.reasons %}
{% for reason in detainer.reasons %}
- {{ reason }}
{% endfor %}
{% else %}
- The request does not meet the conditions of the County's policy.
{% endif %}

# Policy and authority

{% if detainer.policy_name %}
The County's decision is made under its policy, {{ detainer.policy_name }}{% if detainer.policy_source %}, set out in {{ detainer.policy_source }}{% endif %}.
{% else %}
The County's decision is made under its policy, {{ office.policy_name }}{% if office.policy_source %}, set out in {{ office.policy_source }}{% endif %}.
{% endif %}

Under the California Values Act, a California law enforcement agency may not detain an individual on the basis of a hold request (Gov. Code § 7284.6(a)(1)(B)), and may not transfer an individual to immigration authorities unless authorized by a judicial warrant or judicial probable cause determination, or in accordance with Gov. Code § 7282.5 (Gov. Code § 7284.6(a)(4)).

An immigration detainer is a request, not a command. The regulation itself provides that a detainer "is a request" (8 C.F.R. § 287.7(a)), and a detainer does not compel a state or local agency to detain anyone: Galarza v. Szalczyk, 745 F.3d 634 (3d Cir. 2014). A local agency that holds a person on a detainer without probable cause may itself violate the Fourth Amendment: Miranda-Olivares v. Clackamas County, No. 3:12-cv-02317-ST, 2014 WL 1414305 (D. Or. Apr. 11, 2014).

As California's TRUTH Act requires (Gov. Code § 7283.1(b)), the County is giving {{ person.full_name }} a copy of your request and notice of this decision.

Please direct any questions about this letter to the {{ office.name }}{% if office.phone %} at {{ office.phone }}{% endif %}, citing our reference{% if detainer.event_number %} and your event number {{ detainer.event_number }}{% endif %}.

Sincerely,
"""

_POLICY_NOTICE_EN = """\
Dear Sir or Madam:

We write to give U.S. Immigration and Customs Enforcement (ICE) formal notice of the policy of the {{ office.county }} on ICE requests to detain individuals in the County's custody, to notify ICE of their release, or to transfer them to ICE, and of the conditions on which the County will consider honoring such requests.

{% if detainer %}
This notice concerns your Form {{ detainer.form }} dated {{ detainer.issued_on }}, received by the County on {{ detainer.received_on }}, concerning {{ person.full_name }} (booking number {{ booking.number }}).
{% if detainer.decision_code == "decline" %}
The County has declined that request.
{% endif %}

{% elif period %}
This notice concerns the period from {{ period.start }} through {{ period.end }}.

{% endif %}
# The County's policy

**Policy in force:** {{ office.policy_name }}{% if office.policy_source %}, set out in {{ office.policy_source }}{% endif %}.

{% if office.policy_code == "ca_sb54" %}
Under the California Values Act the County does not detain any individual on the basis of an ICE hold request (Gov. Code § 7284.6(a)(1)(B)). It gives ICE notice of an individual's release date only where Gov. Code § 7282.5 allows it or the information is available to the public, and it transfers an individual to ICE only with a judicial warrant or a judicial determination of probable cause, or where § 7282.5 allows it (Gov. Code § 7284.6(a)(1)(C), (a)(4)). A request outside those limits is declined, whatever form it is on.

{% elif office.policy_code == "ca_trust_act" %}
Under the California TRUST Act the County may detain an individual on an ICE hold request only where Gov. Code § 7282.5 permits it, chiefly where the individual has been convicted of a serious or violent felony or of another offense the statute lists, and then for no longer than the 48 hours, excluding weekends and holidays, that federal regulation allows (8 C.F.R. § 287.7(d)). Every other hold request is declined.

{% elif office.policy_code == "santa_clara_3_54" or office.policy_code == "dc_24h_cap" %}
Under that policy, and always subject to state law, the County will not honor an ICE request to detain an individual beyond the time at which the individual would otherwise be released unless every one of the following conditions is met:

- The request is accompanied by a warrant issued by a judge, or by a judicial determination of probable cause.
- The individual has been convicted of a serious or violent felony, as the policy defines those offenses.
- The federal government has agreed in writing, before the request is honored, to reimburse the County for all costs of complying with it.
{% if office.policy_code == "dc_24h_cap" %}
- The individual is held no more than 24 hours beyond the time at which the individual would otherwise be released.
{% endif %}

Requests that do not meet these conditions are declined.
{% else %}
Under that policy the County considers each request on its own, within the limits of state law, and records the reasons for its decision.

{% endif %}
An immigration detainer is a request, not a command: 8 C.F.R. § 287.7(a); Galarza v. Szalczyk, 745 F.3d 634 (3d Cir. 2014); Miranda-Olivares v. Clackamas County, No. 3:12-cv-02317-ST, 2014 WL 1414305 (D. Or. Apr. 11, 2014).

{% if office.policy_code == "santa_clara_3_54" or office.policy_code == "dc_24h_cap" %}
# Reimbursement agreement

If ICE wishes the County to consider its requests under this policy, please send the County a proposed written agreement under which the federal government reimburses the County for all costs it incurs in complying with ICE requests. Until such an agreement has been signed by both parties, requests that depend on it will be declined.

{% endif %}
Please direct any correspondence about this notice to the {{ office.name }}{% if office.address %}, {{ office.address }}{% endif %}, citing our reference.

Sincerely,
"""

_OPTOUT_REQUEST_EN = """\
{% if optout.addressee %}
Dear {{ optout.addressee.name }}:
{% else %}
Dear Sir or Madam:
{% endif %}

{% if optout.resolution_number and optout.resolution_date %}
On {{ optout.resolution_date }}, the Board of Supervisors of the {{ optout.jurisdiction }} adopted Resolution No. {{ optout.resolution_number }}{% if optout.resolution_vote %} by a vote of {{ optout.resolution_vote }}{% endif %}, directing that this request be made. On its behalf, we write to give U.S. Immigration and Customs Enforcement (ICE) formal notice of the following request concerning the Secure Communities program:
{% else %}
On behalf of the {{ optout.jurisdiction }}, we write to give U.S. Immigration and Customs Enforcement (ICE) formal notice of the following request concerning the Secure Communities program:
{% endif %}

**{{ optout.summary }}**

Specifically, the {{ optout.jurisdiction }} asks ICE:

- not to use, for civil immigration enforcement, the fingerprints that law enforcement agencies in the {{ optout.jurisdiction }} submit to the State and to the Federal Bureau of Investigation for criminal justice purposes;
- to confirm in writing the steps by which the {{ optout.jurisdiction }} may opt out of, or limit its participation in, Secure Communities, and the date from which that will take effect; and
- if it is ICE's position that the {{ optout.jurisdiction }} may not opt out, to say so in writing, to state the legal authority on which ICE relies, and to describe any alternatives available to the {{ optout.jurisdiction }}.

The {{ optout.jurisdiction }} makes this request because public safety depends on the trust of all its residents, including immigrant residents, who must be able to report crimes and come forward as witnesses without fear that contact with local law enforcement will lead to deportation.

Please send your written reply to the {{ office.name }}{% if office.address %}, {{ office.address }}{% endif %}, citing our reference. We would be grateful for your reply within 30 days of the date of this letter.

Sincerely,
"""

_OPTOUT_FOLLOWUP_EN = """\
{% if optout.addressee %}
Dear {{ optout.addressee.name }}:
{% else %}
Dear Sir or Madam:
{% endif %}

We write to follow up the request of the {{ optout.jurisdiction }} concerning the Secure Communities program{% if optout.first_sent_on %}, first sent to U.S. Immigration and Customs Enforcement (ICE) on {{ optout.first_sent_on }}{% endif %}. The request is:

**{{ optout.summary }}**

{% if optout.earlier_letters %}
Our letters on this request so far:

{% for item in optout.earlier_letters %}
{% if item.direction == "sent" %}
- {{ item.date }}: our letter to {{ item.party }}, "{{ item.subject }}"
{% endif %}
{% endfor %}

{% endif %}
{% if optout.answers %}
The answers we have received:

{% for answer in optout.answers %}
- {{ answer.date }}: {{ answer.party }}, "{{ answer.subject }}"
{% endfor %}

With respect, these answers do not resolve the request of the {{ optout.jurisdiction }}, which stands as made.
{% else %}
We have not received an answer to the request.
{% endif %}
{% if optout.days_without_answer %}
Our most recent letter has now gone {{ optout.days_without_answer }} days without an answer.
{% endif %}

The {{ optout.jurisdiction }} therefore asks again that ICE:

- answer the request in writing;
- if it is ICE's position that the {{ optout.jurisdiction }} may not opt out of Secure Communities, say so in writing and state the legal authority on which ICE relies; and
- describe any alternatives available to the {{ optout.jurisdiction }} to limit its participation in the program.

Please send your written reply to the {{ office.name }}{% if office.address %}, {{ office.address }}{% endif %}, citing our reference. We would be grateful for your reply within 30 days of the date of this letter.

Sincerely,
"""

# --- Transmittal and public-records letters (to the correspondent) -----------------------

_TRANSMITTAL_EN = """\
{% if request and request.requester %}
Dear {{ request.requester.name }}:
{% elif attorney %}
Dear {{ attorney.name }}:
{% else %}
Dear Sir or Madam:
{% endif %}

Please find enclosed copies of the documents listed at the end of this letter{% if request %}, concerning {{ request.subject }}{% elif booking %}, concerning {{ person.full_name }}, booking number {{ booking.number }}{% endif %}.

{% if request and request.received_on %}
We send them in connection with your letter{% if request.sent_on %} dated {{ request.sent_on }},{% endif %} received on {{ request.received_on }}.

{% endif %}
They are sent for your information and records. If any document is missing or cannot be read, or if you need anything further, please contact the {{ office.name }}{% if office.phone %} at {{ office.phone }}{% endif %}, citing our reference.

Sincerely,
"""

_CPRA_DETERMINATION_EN = """\
{% if request.requester %}
Dear {{ request.requester.name }}:
{% else %}
Dear Sir or Madam:
{% endif %}

This letter responds to your request under the California Public Records Act (Gov. Code § 7920.000 et seq.), which the {{ office.name }} received on {{ request.received_on }}. You asked for:

{% if request.summary %}
{{ request.summary }}
{% else %}
{{ request.subject }}
{% endif %}

Under Government Code section 7922.535(a), within 10 days of receiving a request the office must determine whether the request seeks copies of disclosable public records in its possession, and tell you of that determination and the reasons for it. For your request, that period ends on {{ request.determination_due }}.

**Determination:** the office has determined that your request seeks, in whole or in part, copies of disclosable public records in its possession. The estimated date and time when the records will be made available to you is written below.

___ Estimated date and time the records will be made available

If the office withholds any record, or any part of a record, it will tell you so in writing, with the exemption relied on and the name and title of each person responsible for that decision (Gov. Code §§ 7922.000, 7922.540). Any reasonably segregable part of a record that is not exempt will be provided (Gov. Code § 7922.525).

If you have questions about your request, please contact the {{ office.name }}{% if office.phone %} at {{ office.phone }}{% endif %}, citing our reference.

Sincerely,
"""

_CPRA_EXTENSION_EN = """\
{% if request.requester %}
Dear {{ request.requester.name }}:
{% else %}
Dear Sir or Madam:
{% endif %}

This letter concerns your request under the California Public Records Act (Gov. Code § 7920.000 et seq.), which the {{ office.name }} received on {{ request.received_on }}. You asked for:

{% if request.summary %}
{{ request.summary }}
{% else %}
{{ request.subject }}
{% endif %}

Government Code section 7922.535(a) gives the office 10 days from receipt to determine whether your request seeks copies of disclosable public records in its possession; that period ends on {{ request.determination_due }}. In unusual circumstances, section 7922.535(b) allows the office to extend that time by written notice, stating the reasons for the extension and the date on which a determination is expected, by no more than 14 days. This letter is that notice.

The office is extending the time because of the following unusual circumstance (Gov. Code § 7922.535(c)(1)):

- the need to search for and collect the requested records from field facilities or other establishments that are separate from the office processing the request.

We expect to send you our determination on or before **{{ request.extended_due }}**, and sooner if we can.

If you have questions about your request, please contact the {{ office.name }}{% if office.phone %} at {{ office.phone }}{% endif %}, citing our reference.

Sincerely,
"""

_CPRA_PRODUCTION_EN = """\
{% if request.requester %}
Dear {{ request.requester.name }}:
{% else %}
Dear Sir or Madam:
{% endif %}

This letter concerns your request under the California Public Records Act (Gov. Code § 7920.000 et seq.), which the {{ office.name }} received on {{ request.received_on }}. You asked for:

{% if request.summary %}
{{ request.summary }}
{% else %}
{{ request.subject }}
{% endif %}

Enclosed are the records of the office that are responsive to your request.

Any record or part withheld is identified in the enclosed index with the exemption relied on (Gov. Code § 7922.000, and § 7927.705 where another law exempts or prohibits disclosure, as applicable). Where only part of a record is exempt, the reasonably segregable remainder is produced (Gov. Code § 7922.525). The undersigned is responsible for this response, including any decision to withhold a record or part of one (Gov. Code § 7922.540).

Unless we tell you otherwise, this production completes our response to your request. If you have questions about it, please contact the {{ office.name }}{% if office.phone %} at {{ office.phone }}{% endif %}, citing our reference.

Sincerely,
"""

_CPRA_NO_RECORDS_EN = """\
{% if request.requester %}
Dear {{ request.requester.name }}:
{% else %}
Dear Sir or Madam:
{% endif %}

This letter responds to your request under the California Public Records Act (Gov. Code § 7920.000 et seq.), which the {{ office.name }} received on {{ request.received_on }}. You asked for:

{% if request.summary %}
{{ request.summary }}
{% else %}
{{ request.subject }}
{% endif %}

After a search of its records, the office has determined that it has no records responsive to your request. This letter is the office's determination under Government Code section 7922.535(a).

If you can describe the records you are looking for in another way, or tell us the purpose of your request, we will gladly help you identify records that may meet it (Gov. Code § 7922.600). Please contact the {{ office.name }}{% if office.phone %} at {{ office.phone }}{% endif %}, citing our reference.

Sincerely,
"""

# --- Spanish ------------------------------------------------------------------------------

_TRUTH_REQUEST_NOTICE_ES = """\
Sr./Sra. {{ person.full_name }}:

El {{ detainer.received_on }}, el Condado recibió una solicitud sobre usted del Servicio de Inmigración y Control de Aduanas de los Estados Unidos (ICE{% if detainer.ice_office %}, {{ detainer.ice_office }}{% endif %}). La Ley TRUTH de California (Código de Gobierno de California, sección 7283.1(b)) nos exige entregarle una copia de la solicitud e informarle si el Condado tiene la intención de cumplirla. Adjuntamos a esta carta una copia de la solicitud.

# Qué pidió ICE

La solicitud está en el formulario {{ detainer.form }} de ICE, con fecha del {{ detainer.issued_on }}. En ella, ICE pide al Condado que:

{% if detainer.requests_hold %}
- prolongue su detención después del momento en que usted normalmente quedaría en libertad (una "retención")
{% endif %}
{% if detainer.requests_notification %}
- le avise a ICE con anticipación la fecha en que usted quedará en libertad (una "notificación")
{% endif %}
{% if detainer.requests_transfer %}
- transfiera su custodia a ICE (un "traslado")
{% endif %}

# Qué decidió el Condado

{% if detainer.decision_code == "decline" %}
**El Condado no cumplirá con esta solicitud.** Esto significa que el Condado no hará nada de lo que se indica arriba a causa de esta solicitud.
{% elif detainer.decision_code == "notify_only" %}
**El Condado no prolongará su detención para ICE.** Esta solicitud no hará que usted siga bajo custodia después del momento en que normalmente quedaría en libertad. Sin embargo, el Condado tiene la intención de informar a ICE la fecha en que usted quedará en libertad. Si lo hace, le dará a usted de inmediato el mismo aviso por escrito, y también se lo enviará a su abogado o abogada, o a otra persona que usted designe.
{% elif detainer.decision_code == "honour" %}
**El Condado tiene la intención de cumplir con esta solicitud.**
{% if detainer.requests_hold %}
Esto significa que usted podría seguir bajo custodia después del momento en que normalmente quedaría en libertad, para que ICE pueda hacerse cargo de su custodia{% if detainer.hold_expires_at %}, pero no después del {{ detainer.hold_expires_at }}{% endif %}.
{% endif %}
{% if detainer.requests_notification %}
El Condado informará a ICE la fecha en que usted quedará en libertad, y le dará a usted de inmediato el mismo aviso por escrito, que también enviará a su abogado o abogada, o a otra persona que usted designe.
{% endif %}
{% else %}
El Condado todavía no ha decidido si cumplirá con esta solicitud. Le informaremos por escrito en cuanto lo decida.
{% endif %}

# Sus derechos

Usted tiene derecho a hablar con un abogado sobre esta solicitud.
{% if attorney %}
Según nuestros registros, {{ attorney.name }}{% if attorney.organisation %} ({{ attorney.organisation }}){% endif %} es su abogado o abogada.
{% endif %}

Si ICE pide una entrevista con usted mientras está bajo la custodia del Condado, primero recibirá un formulario de consentimiento por escrito. La entrevista es voluntaria: usted puede negarse, o aceptarla solo si su abogado o abogada está presente.

Este aviso no es una decisión sobre su caso penal ni sobre su situación migratoria.

Si tiene preguntas sobre este aviso, hable con el personal de la cárcel{% if office.phone %} o llame a nuestra oficina al {{ office.phone }}{% endif %}.

If you would like this notice in English, please ask jail staff.

Atentamente,
"""

_TRUTH_RELEASE_NOTICE_ES = """\
Sr./Sra. {{ person.full_name }}:

Le escribimos para informarle que el Condado está comunicando al Servicio de Inmigración y Control de Aduanas de los Estados Unidos (ICE) la fecha en que usted sale, o saldrá, en libertad. La Ley TRUTH de California (Código de Gobierno de California, sección 7283.1(b)) exige que, cuando el Condado da este aviso a ICE, le dé de inmediato el mismo aviso por escrito a usted, y también a su abogado o abogada, o a otra persona que usted designe.

# Fecha de liberación comunicada a ICE

**{{ booking.release_eligible_on }}**

Es la fecha en que usted sale, o saldrá, en libertad {% if booking.facility %}de {{ booking.facility }}{% else %}de la custodia{% endif %} (número de registro {{ booking.number }}). Las fechas de liberación pueden cambiar, por ejemplo si un tribunal ordena su liberación antes o si se vuelve a calcular una condena. Este aviso no cambia la fecha en que usted tiene derecho a quedar en libertad.

{% if detainer %}
ICE pidió esta información en su solicitud en el formulario {{ detainer.form }}, con fecha del {{ detainer.issued_on }}, que el Condado recibió el {{ detainer.received_on }}.
{% if detainer.decision_code == "notify_only" %}
El Condado no prolongará su detención para ICE después del momento en que usted normalmente quedaría en libertad.
{% endif %}

{% endif %}
{% if attorney or designee %}
También enviamos este aviso a {% if attorney %}{{ attorney.name }}, su abogado o abogada{% if designee %}, y a {{ designee.name }}, la persona que usted designó{% endif %}{% else %}{{ designee.name }}, la persona que usted designó{% endif %}.
{% else %}
No tenemos el nombre de su abogado o abogada. Si tiene abogado o abogada, o si desea que enviemos este aviso a otra persona de su elección, por favor dé su nombre y dirección al personal de la cárcel lo antes posible.
{% endif %}

# Sus derechos

Usted tiene derecho a hablar con un abogado. Si ICE pide una entrevista con usted mientras está bajo la custodia del Condado, primero recibirá un formulario de consentimiento por escrito. La entrevista es voluntaria: usted puede negarse, o aceptarla solo si su abogado o abogada está presente.

Este aviso no es una decisión sobre su caso penal ni sobre su situación migratoria.

Si tiene preguntas sobre este aviso, hable con el personal de la cárcel{% if office.phone %} o llame a nuestra oficina al {{ office.phone }}{% endif %}.

If you would like this notice in English, please ask jail staff.

Atentamente,
"""

_TRUTH_INTERVIEW_CONSENT_ES = """\
**Nombre:** {{ person.full_name }} · **Número de registro:** {{ booking.number }}

# Para qué es este formulario

El Servicio de Inmigración y Control de Aduanas de los Estados Unidos (ICE), la agencia federal que aplica las leyes de inmigración, ha pedido una entrevista con usted mientras está bajo la custodia del Condado. El propósito de la entrevista es que ICE le haga preguntas sobre su situación migratoria y sobre posibles infracciones civiles de las leyes de inmigración. ICE puede usar lo que usted diga para decidir si toma medidas en su contra, por ejemplo iniciar un proceso de deportación (expulsión del país).

La ley de California (Código de Gobierno de California, sección 7283.1(a)) exige que usted reciba este formulario antes de cualquier entrevista con ICE.

# Sus derechos

- **La entrevista es voluntaria.** Usted no tiene que hablar con ICE.
- **Usted puede negarse a la entrevista.** Para negarse, marque abajo la casilla "No acepto que ICE me entreviste".
- **Usted puede aceptar la entrevista solo si su abogado o abogada está presente.** Si elige esta opción, la entrevista no se hará sin su abogado o abogada.
- ICE puede usar todo lo que usted le diga, incluso ante un tribunal de inmigración.
- Usted puede cambiar de opinión en cualquier momento, incluso después de firmar este formulario.

{% if attorney %}
Según nuestros registros, {{ attorney.name }}{% if attorney.organisation %} ({{ attorney.organisation }}){% endif %} es su abogado o abogada.

{% endif %}
Este formulario está disponible en inglés, español, chino, tagalo, vietnamita y coreano. Si lo desea en uno de estos idiomas, o si no lo entiende, pida ayuda al personal antes de firmar.

# Su decisión (marque una sola casilla)

[ ] Acepto que ICE me entreviste.
[ ] Acepto que ICE me entreviste solo si mi abogado o abogada está presente.
[ ] No acepto que ICE me entreviste.

___ Firma de la persona
___ Fecha y hora

___ Nombre y firma del funcionario o testigo
___ Fecha y hora

___ Intérprete, si lo hubo (nombre e idioma)
"""

_TRANSMITTAL_ES = """\
{% if request and request.requester %}
Sr./Sra. {{ request.requester.name }}:
{% elif attorney %}
Sr./Sra. {{ attorney.name }}:
{% else %}
Estimado señor o señora:
{% endif %}

Adjuntamos copias de los documentos que se indican al final de esta carta{% if request %}, relativos a {{ request.subject }}{% elif booking %}, relativos a {{ person.full_name }}, número de registro {{ booking.number }}{% endif %}.

{% if request and request.received_on %}
Se las enviamos en relación con su carta{% if request.sent_on %} del {{ request.sent_on }},{% endif %} recibida el {{ request.received_on }}.

{% endif %}
Le enviamos estas copias para su información y sus archivos. Si falta algún documento o alguno no se puede leer, o si necesita algo más, comuníquese con nosotros{% if office.phone %} al {{ office.phone }}{% endif %} e indique nuestra referencia.

Atentamente,
"""

_CPRA_DETERMINATION_ES = """\
{% if request.requester %}
Sr./Sra. {{ request.requester.name }}:
{% else %}
Estimado señor o señora:
{% endif %}

Esta carta responde a la solicitud que usted presentó conforme a la Ley de Registros Públicos de California (Código de Gobierno de California, sección 7920.000 y siguientes), y que recibimos el {{ request.received_on }}. Usted pidió:

{% if request.summary %}
{{ request.summary }}
{% else %}
{{ request.subject }}
{% endif %}

Conforme a la sección 7922.535(a) del Código de Gobierno, dentro de los 10 días siguientes a la recepción de una solicitud, la oficina debe determinar si la solicitud pide copias de registros públicos divulgables que estén en su poder, y comunicarle esa determinación y sus razones. Para su solicitud, ese plazo vence el {{ request.determination_due }}.

**Determinación:** la oficina ha determinado que su solicitud pide, en todo o en parte, copias de registros públicos divulgables que están en su poder. La fecha y hora estimadas en que los registros estarán a su disposición se indican a continuación.

___ Fecha y hora estimadas en que los registros estarán a su disposición

Si la oficina retiene algún registro, o parte de un registro, se lo comunicará por escrito, con la exención en la que se basa y el nombre y cargo de cada persona responsable de esa decisión (Código de Gobierno, secciones 7922.000 y 7922.540). Se le entregará toda parte de un registro que no esté exenta y que pueda separarse razonablemente del resto (Código de Gobierno, sección 7922.525).

Si tiene preguntas sobre su solicitud, comuníquese con nosotros{% if office.phone %} al {{ office.phone }}{% endif %} e indique nuestra referencia.

Atentamente,
"""

_CPRA_EXTENSION_ES = """\
{% if request.requester %}
Sr./Sra. {{ request.requester.name }}:
{% else %}
Estimado señor o señora:
{% endif %}

Esta carta se refiere a la solicitud que usted presentó conforme a la Ley de Registros Públicos de California (Código de Gobierno de California, sección 7920.000 y siguientes), y que recibimos el {{ request.received_on }}. Usted pidió:

{% if request.summary %}
{{ request.summary }}
{% else %}
{{ request.subject }}
{% endif %}

La sección 7922.535(a) del Código de Gobierno da a la oficina 10 días desde la recepción para determinar si su solicitud pide copias de registros públicos divulgables que estén en su poder; ese plazo vence el {{ request.determination_due }}. En circunstancias inusuales, la sección 7922.535(b) permite a la oficina prorrogar ese plazo hasta por 14 días mediante aviso por escrito, en el que indique las razones de la prórroga y la fecha en que espera enviar su determinación. Esta carta es ese aviso.

La oficina prorroga el plazo por la siguiente circunstancia inusual (Código de Gobierno, sección 7922.535(c)(1)):

- la necesidad de buscar y reunir los registros solicitados en instalaciones u otros establecimientos separados de la oficina que tramita la solicitud.

Esperamos enviarle nuestra determinación a más tardar el **{{ request.extended_due }}**, y antes si nos es posible.

Si tiene preguntas sobre su solicitud, comuníquese con nosotros{% if office.phone %} al {{ office.phone }}{% endif %} e indique nuestra referencia.

Atentamente,
"""

_CPRA_PRODUCTION_ES = """\
{% if request.requester %}
Sr./Sra. {{ request.requester.name }}:
{% else %}
Estimado señor o señora:
{% endif %}

Esta carta se refiere a la solicitud que usted presentó conforme a la Ley de Registros Públicos de California (Código de Gobierno de California, sección 7920.000 y siguientes), y que recibimos el {{ request.received_on }}. Usted pidió:

{% if request.summary %}
{{ request.summary }}
{% else %}
{{ request.subject }}
{% endif %}

Adjuntamos los registros de la oficina que responden a su solicitud.

Todo registro o parte de un registro que se haya retenido se identifica en el índice adjunto, con la exención en la que se basa (Código de Gobierno, sección 7922.000, y sección 7927.705 cuando otra ley exime o prohíbe su divulgación, según corresponda). Cuando solo una parte de un registro está exenta, se entrega el resto que puede separarse razonablemente (Código de Gobierno, sección 7922.525). La persona que firma esta carta es responsable de esta respuesta, incluida cualquier decisión de retener un registro o parte de él (Código de Gobierno, sección 7922.540).

Salvo que le indiquemos otra cosa, con esta entrega concluye nuestra respuesta a su solicitud. Si tiene preguntas, comuníquese con nosotros{% if office.phone %} al {{ office.phone }}{% endif %} e indique nuestra referencia.

Atentamente,
"""

_CPRA_NO_RECORDS_ES = """\
{% if request.requester %}
Sr./Sra. {{ request.requester.name }}:
{% else %}
Estimado señor o señora:
{% endif %}

Esta carta responde a la solicitud que usted presentó conforme a la Ley de Registros Públicos de California (Código de Gobierno de California, sección 7920.000 y siguientes), y que recibimos el {{ request.received_on }}. Usted pidió:

{% if request.summary %}
{{ request.summary }}
{% else %}
{{ request.subject }}
{% endif %}

Después de buscar en sus registros, la oficina ha determinado que no tiene registros que respondan a su solicitud. Esta carta es la determinación de la oficina conforme a la sección 7922.535(a) del Código de Gobierno.

Si puede describir de otra manera los registros que busca, o indicarnos el propósito de su solicitud, con gusto le ayudaremos a identificar registros que puedan servirle (Código de Gobierno, sección 7922.600). Comuníquese con nosotros{% if office.phone %} al {{ office.phone }}{% endif %} e indique nuestra referencia.

Atentamente,
"""

#: (code, language, title, body) of each shipped template.
TEXTS: list[tuple[str, str, str, str]] = [
    (
        "truth_request_notice",
        "en",
        "Notice of ICE request – Booking {{ booking.number }}",
        _TRUTH_REQUEST_NOTICE_EN,
    ),
    (
        "truth_request_notice",
        "es",
        "Aviso de solicitud de ICE – Número de registro {{ booking.number }}",
        _TRUTH_REQUEST_NOTICE_ES,
    ),
    (
        "truth_release_notice",
        "en",
        "Notice of release date given to ICE – Booking {{ booking.number }}",
        _TRUTH_RELEASE_NOTICE_EN,
    ),
    (
        "truth_release_notice",
        "es",
        "Aviso de fecha de liberación comunicada a ICE – Número de registro {{ booking.number }}",
        _TRUTH_RELEASE_NOTICE_ES,
    ),
    (
        "truth_interview_consent",
        "en",
        "ICE interview consent form – Booking {{ booking.number }}",
        _TRUTH_INTERVIEW_CONSENT_EN,
    ),
    (
        "truth_interview_consent",
        "es",
        "Formulario de consentimiento para entrevista con ICE – Número de registro {{ booking.number }}",
        _TRUTH_INTERVIEW_CONSENT_ES,
    ),
    (
        "detainer_declination",
        "en",
        "Declination of immigration detainer – {{ person.full_name }}, Booking {{ booking.number }}",
        _DETAINER_DECLINATION_EN,
    ),
    (
        "policy_notice",
        "en",
        "Notice of {{ office.county }} policy on ICE detainer requests{% if detainer %} – {{ person.full_name }}, Form {{ detainer.form }}{% endif %}",
        _POLICY_NOTICE_EN,
    ),
    (
        "optout_request",
        "en",
        "{{ optout.jurisdiction }}: {{ optout.kind }} (Secure Communities)",
        _OPTOUT_REQUEST_EN,
    ),
    (
        "optout_followup",
        "en",
        "Follow-up: {{ optout.jurisdiction }}, {{ optout.kind }}{% if optout.first_sent_on %} (first sent {{ optout.first_sent_on }}){% endif %}",
        _OPTOUT_FOLLOWUP_EN,
    ),
    (
        "transmittal",
        "en",
        "Transmittal{% if request %}: {{ request.subject }}{% elif booking %}: {{ person.full_name }}, Booking {{ booking.number }}{% endif %}",
        _TRANSMITTAL_EN,
    ),
    (
        "transmittal",
        "es",
        "Envío de copias{% if request %}: {{ request.subject }}{% elif booking %}: {{ person.full_name }}, número de registro {{ booking.number }}{% endif %}",
        _TRANSMITTAL_ES,
    ),
    (
        "cpra_determination",
        "en",
        "Public Records Act request received {{ request.received_on }}: determination",
        _CPRA_DETERMINATION_EN,
    ),
    (
        "cpra_determination",
        "es",
        "Solicitud de registros públicos recibida el {{ request.received_on }}: determinación",
        _CPRA_DETERMINATION_ES,
    ),
    (
        "cpra_extension",
        "en",
        "Public Records Act request received {{ request.received_on }}: extension of time",
        _CPRA_EXTENSION_EN,
    ),
    (
        "cpra_extension",
        "es",
        "Solicitud de registros públicos recibida el {{ request.received_on }}: prórroga del plazo",
        _CPRA_EXTENSION_ES,
    ),
    (
        "cpra_production",
        "en",
        "Public Records Act request received {{ request.received_on }}: records produced",
        _CPRA_PRODUCTION_EN,
    ),
    (
        "cpra_production",
        "es",
        "Solicitud de registros públicos recibida el {{ request.received_on }}: entrega de registros",
        _CPRA_PRODUCTION_ES,
    ),
    (
        "cpra_no_records",
        "en",
        "Public Records Act request received {{ request.received_on }}: no responsive records",
        _CPRA_NO_RECORDS_EN,
    ),
    (
        "cpra_no_records",
        "es",
        "Solicitud de registros públicos recibida el {{ request.received_on }}: no hay registros",
        _CPRA_NO_RECORDS_ES,
    ),
]


def seed(db: Database) -> None:
    """Insert the shipped texts as active version 1, created by nobody (shipped)."""
    db.conn.executemany(
        "INSERT INTO letter_templates (code, language, version, status, title, body, notes, "
        "created_by, created_at) VALUES (?, ?, 1, 'active', ?, ?, 'Shipped with Detainer Desk', "
        "NULL, '2026-11-25T00:00:00Z')",
        TEXTS,
    )
