"""Invented text for the generated member sites, in the network's languages.

Every sentence, name, organisation and city pairing here was written for these tests; nothing is
copied from a real site. Sentences are templates with slots filled per article ({org}, {city},
{skill}, {sector}, {n}, {person}): slots sit every few words, so that two articles of one site
share few 5-word shingles (or 3-character ones in Chinese, Japanese, Korean) and are not folded
as near copies of each other by pipeline/copies.

A language's `date_words` and `date_numeric` are its usual written forms of a date: {d} day,
{dd} two-digit day, {m} month number, {mm} two-digit month, {month} month name, {y} year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Lang:
    """What one language's sites are written with."""

    code: str
    sentences: tuple[str, ...]
    titles: tuple[str, ...]
    skills: tuple[str, ...]
    sectors: tuple[str, ...]
    cities: tuple[str, ...]
    people: tuple[str, ...]
    tags: tuple[str, ...]
    orgs: tuple[str, ...]           # organisation name patterns, with {city}
    nav: dict[str, str]             # home, about, events, jobs, contact, legal, privacy, tags
    news: tuple[tuple[str, str], ...]  # (navigation label, path slug): first is the usual one
    slugs: dict[str, str]           # about, events, jobs, contact, legal, privacy, tag, author
    read_more: str
    next_page: str
    prev_page: str
    byline: str                     # "Par {person}" -> "Par"; CJK bylines may end in "/" or ":"
    months: tuple[str, ...]
    date_words: str
    date_numeric: str
    countries: tuple[tuple[str, str], ...]  # (ISO country, UTC offset)
    events: tuple[str, ...]          # event title patterns, with {city} and {skill}
    jobs: tuple[str, ...]            # job offer titles
    event_text: str                  # with {date} and {city}
    job_text: str                    # with {org} and {city}
    about_text: str                  # with {org} and {city}
    legal_text: str                  # with {org}, {person} and {city}
    privacy_text: str                # with {org}
    contact_text: str                # with {org} and {city}
    tagline: str                     # with {org}
    cjk: bool = False
    other_bylines: tuple[str, ...] = ()  # other ways the language's sites introduce an author

    @property
    def sentence_gap(self) -> str:
        """What separates two sentences: nothing in Chinese and Japanese, a space elsewhere."""
        return "" if self.code in ("zh", "ja") else " "

    @property
    def min_paragraph(self) -> int:
        """Characters a body paragraph has at least: enough for a language detector."""
        return 250 if self.cjk else 600


_PARTICLES = re.compile(r"(.)(을/를|은/는|이/가|과/와)")


def korean_particles(text: str) -> str:
    """Resolve "을/를", "은/는", "이/가", "과/와" written after a slot: the first form follows a
    syllable ending in a consonant (받침), the second a vowel, as Korean writes them."""
    def pick(match: re.Match[str]) -> str:
        last, forms = match.group(1), match.group(2).split("/")
        code = ord(last) - 0xAC00
        closed = 0 <= code < 11172 and code % 28 != 0
        return last + (forms[0] if closed else forms[1])
    return _PARTICLES.sub(pick, text)


def fill(template: str, lang: Lang, **values: object) -> str:
    """A template with its slots filled, Korean particles agreeing with what fills them."""
    text = template.format(**values)
    return korean_particles(text) if lang.code == "ko" else text


def date_text(lang: Lang, year: int, month: int, day: int, numeric: bool = False) -> str:
    """A date as the language writes it, in words or in figures."""
    pattern = lang.date_numeric if numeric else lang.date_words
    return pattern.format(d=day, dd=f"{day:02d}", m=month, mm=f"{month:02d}", y=year,
                          month=lang.months[month - 1])


FR = Lang(
    code="fr",
    sentences=(
        "Depuis le printemps, {n} bénévoles de {org} mettent leurs compétences en {skill} au "
        "service des {sector} de {city}.",
        "Chaque mission dure en moyenne six semaines et commence par un diagnostic partagé avec "
        "l'équipe de l'association accompagnée.",
        "Pour {person}, responsable du programme, le bénévolat de compétences permet aux petites "
        "structures de {city} d'accéder à une expertise qu'elles ne pourraient jamais financer "
        "seules.",
        "Les {sector} accompagnées témoignent d'un gain de temps réel, notamment sur les dossiers "
        "de {skill} "
        "et la gestion quotidienne des dossiers.",
        "Le réseau prévoit d'ouvrir {n} nouvelles missions d'ici la fin de l'année, en priorité "
        "dans les quartiers où les associations manquent de relais.",
        "Les salariés volontaires suivent une courte formation sur l'écoute, la confidentialité "
        "et les limites de leur rôle avant de rejoindre une équipe.",
        "Une association d'aide alimentaire de {city} a ainsi revu toute sa chaîne logistique "
        "avec l'appui de trois experts en {skill}.",
        "Selon {person}, la réussite d'une mission tient surtout à la clarté du besoin exprimé "
        "par la structure accueillante dès le premier rendez-vous.",
        "Les mentors restent disponibles plusieurs mois après la fin de la mission, ce qui "
        "rassure les dirigeants bénévoles des {sector}.",
        "Le programme est financé par un fonds de dotation et par les contributions de {n} "
        "entreprises partenaires engagées sur trois ans.",
        "Un premier bilan montre que la plupart des associations ont pérennisé les outils "
        "construits pendant l'accompagnement en {skill}.",
        "Des ateliers collectifs réunissent chaque mois les {sector} de {city} pour échanger sur "
        "leurs difficultés et leurs solutions.",
        "{org} publiera au printemps un guide pratique destiné aux structures qui souhaitent "
        "accueillir des bénévoles experts.",
        "Les candidatures restent ouvertes toute l'année et chaque demande reçoit une réponse "
        "sous quinze jours ouvrés.",
    ),
    titles=(
        "{skill} : {n} bénévoles au service des {sector} de {city}",
        "À {city}, le mécénat de compétences renforce les {sector}",
        "Des experts en {skill} accompagnent les {sector}",
        "Mentorat : un nouveau programme pour les {sector} de {city}",
        "Bilan de saison : {n} missions de {skill} réussies",
        "Comment le bénévolat de compétences aide les {sector} à {city}",
    ),
    skills=("comptabilité", "communication", "droit associatif", "stratégie numérique",
            "gestion de projet", "ressources humaines", "design graphique", "collecte de fonds"),
    sectors=("associations de quartier", "épiceries solidaires", "clubs sportifs",
             "structures d'insertion", "centres sociaux", "associations culturelles",
             "banques alimentaires", "maisons de jeunes"),
    cities=("Lyon", "Nantes", "Lille", "Rennes", "Grenoble", "Dijon", "Tours", "Nancy"),
    people=("Claire Moreau", "Julien Lefèvre", "Sophie Garnier", "Thomas Roussel",
            "Amélie Chevalier", "Nicolas Perrin", "Élodie Fabre", "Mathieu Bonnet"),
    tags=("mentorat", "numérique", "insertion", "solidarité", "entreprises", "formation"),
    orgs=("Compétences Solidaires {city}", "Réseau Pro Bono {city}", "Passerelles Expertes"),
    nav={"home": "Accueil", "about": "Qui sommes-nous", "events": "Agenda", "jobs": "Recrutement",
         "contact": "Contact", "legal": "Mentions légales", "privacy": "Confidentialité",
         "tags": "Thèmes"},
    news=(("Actualités", "actualites"), ("Le blog", "blog"), ("Nos actus", "actus")),
    slugs={"about": "qui-sommes-nous", "events": "agenda", "jobs": "recrutement",
           "contact": "contact", "legal": "mentions-legales", "privacy": "confidentialite",
           "tag": "theme", "author": "auteur"},
    read_more="Lire la suite", next_page="Page suivante", prev_page="Page précédente",
    byline="Par", other_bylines=("Rédigé par", "Auteur :"),
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
            "septembre", "octobre", "novembre", "décembre"),
    date_words="{d} {month} {y}", date_numeric="{dd}/{mm}/{y}",
    countries=(("FR", "+01:00"), ("BE", "+01:00")),
    events=("Atelier {skill} à {city}", "Rencontre des bénévoles experts de {city}",
            "Matinée d'information : {skill} pour les associations"),
    jobs=("Chargé·e de mission bénévolat", "Coordinateur·rice de programme",
          "Stage en communication"),
    event_text="Rendez-vous le {date} à {city}. Entrée libre sur inscription, places limitées.",
    job_text=(
        "{org} recrute pour son antenne de {city}. Poste en CDI, temps plein, à pourvoir dès que "
        "possible."
    ),
    about_text=(
        "{org} relie depuis dix ans les professionnels bénévoles et les associations de {city} qui "
        "ont besoin d'un coup de main expert."
    ),
    legal_text=(
        "Éditeur du site : {org}, association loi 1901, siège à {city}. Directrice de la "
        "publication "
        ": {person}."
    ),
    privacy_text=(
        "{org} ne collecte que les données nécessaires au traitement de votre demande et ne les "
        "cède "
        "à personne."
    ),
    contact_text=(
        "Écrivez-nous via le formulaire ou passez nous voir à {city}, du lundi au vendredi."
    ),
    tagline="{org}, le bénévolat de compétences au service des associations",
)

EN = Lang(
    code="en",
    sentences=(
        "Since the spring, {n} volunteers from {org} have lent their skills in {skill} to "
        "{sector} across {city}.",
        "A typical project lasts about six weeks and starts with a shared review of what the "
        "charity actually needs.",
        "For {person}, who runs the programme, skills-based volunteering gives small groups in "
        "{city} access to expertise they could never pay for.",
        "The {sector} we work with report real time savings, especially in {skill} and in their "
        "day-to-day paperwork.",
        "The network plans to open {n} new projects before the end of the year, first in "
        "neighbourhoods where charities have little support.",
        "Employees who sign up follow a short course on listening, confidentiality and the limits "
        "of their role before joining a team.",
        "A food aid charity in {city} rebuilt its whole supply chain with the help of three "
        "volunteers trained in {skill}.",
        "According to {person}, a project succeeds when the host organisation states its need "
        "clearly at the very first meeting.",
        "Mentors stay in touch for several months after a project ends, which reassures the "
        "volunteer trustees of {sector}.",
        "The programme is funded by a charitable trust and by {n} partner companies that have "
        "committed for three years.",
        "An early review shows that most charities kept using the tools built during the {skill} "
        "project long after it ended.",
        "Monthly workshops bring together {sector} from {city} to compare their problems and the "
        "fixes they found.",
        "{org} will publish a practical guide in the spring for groups that want to welcome "
        "skilled volunteers.",
        "Applications are open all year round and every request is answered within fifteen "
        "working days.",
    ),
    titles=(
        "{skill}: {n} volunteers support {sector} in {city}",
        "In {city}, skilled volunteers give {sector} a lift",
        "Experts in {skill} team up with local {sector}",
        "Mentoring: a new programme for {sector} in {city}",
        "Season review: {n} successful {skill} projects",
        "How skills-based volunteering helps {sector} in {city}",
    ),
    skills=("accounting", "communications", "charity law", "digital strategy", "project management",
            "human resources", "graphic design", "fundraising"),
    sectors=("community groups", "food banks", "sports clubs", "youth centres", "arts charities",
             "refugee support groups", "tenant associations", "hospices"),
    cities=("Leeds", "Bristol", "Glasgow", "Cardiff", "Norwich", "Belfast", "York", "Dundee"),
    people=("Sarah Whitfield", "James Okafor", "Emma Lindsay", "Daniel Reeves", "Grace Holloway",
            "Owen Pritchard", "Hannah Doyle", "Michael Ashby"),
    tags=("mentoring", "digital", "employability", "charities", "corporate", "training"),
    orgs=("Skills for Good {city}", "{city} Pro Bono Network", "Volunteer Experts Trust"),
    nav={"home": "Home", "about": "About us", "events": "Events", "jobs": "Jobs",
         "contact": "Contact", "legal": "Legal notice", "privacy": "Privacy", "tags": "Topics"},
    news=(("News", "news"), ("Blog", "blog"), ("Latest", "latest")),
    slugs={"about": "about-us", "events": "events", "jobs": "jobs", "contact": "contact",
           "legal": "legal-notice", "privacy": "privacy-policy", "tag": "tag", "author": "author"},
    read_more="Read more", next_page="Next page", prev_page="Previous page", byline="By",
    other_bylines=("Written by", "Posted by"),
    months=("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"),
    date_words="{d} {month} {y}", date_numeric="{dd}/{mm}/{y}",
    countries=(("GB", "+00:00"), ("IE", "+00:00")),
    events=("{skill} workshop in {city}", "Meet the skilled volunteers of {city}",
            "Information morning: {skill} for charities"),
    jobs=("Volunteer programme officer", "Partnerships coordinator", "Communications intern"),
    event_text="Join us on {date} in {city}. Free entry, booking required, places are limited.",
    job_text=(
        "{org} is hiring for its {city} office. Permanent, full-time role, starting as soon as "
        "possible."
    ),
    about_text=(
        "For ten years {org} has matched skilled professionals with the charities of {city} that "
        "need expert help."
    ),
    legal_text=(
        "This site is published by {org}, a registered charity based in {city}. Editor: {person}."
    ),
    privacy_text="{org} only collects the data needed to answer your request and never shares it.",
    contact_text="Write to us with the form or visit our office in {city}, Monday to Friday.",
    tagline="{org}: skills-based volunteering for charities",
)

ES = Lang(
    code="es",
    sentences=(
        "Desde la primavera, {n} voluntarios de {org} ponen sus conocimientos de {skill} al "
        "servicio de {sector} de {city}.",
        "Cada proyecto dura unas seis semanas y empieza con un diagnóstico compartido con el "
        "equipo de la entidad acompañada.",
        "Para {person}, responsable del programa, el voluntariado profesional permite a las "
        "pequeñas entidades de {city} acceder a conocimientos que nunca podrían pagar.",
        "Desde {sector} que han participado cuentan que ahorran mucho tiempo, sobre todo en "
        "{skill} "
        "y en la "
        "gestión diaria.",
        "La red prevé abrir {n} nuevos proyectos antes de que acabe el año, primero en los "
        "barrios con menos apoyo.",
        "Los empleados voluntarios reciben una breve formación sobre escucha, confidencialidad y "
        "los límites de su papel antes de incorporarse.",
        "Una entidad de reparto de alimentos de {city} reorganizó toda su logística con la ayuda "
        "de tres expertos en {skill}.",
        "Según {person}, un proyecto sale bien cuando la organización explica con claridad lo que "
        "necesita desde la primera reunión.",
        "Los mentores siguen disponibles varios meses después del final del proyecto, algo que "
        "tranquiliza a las juntas directivas de {sector}.",
        "El programa se financia con una fundación y con las aportaciones de {n} empresas "
        "colaboradoras comprometidas durante tres años.",
        "Un primer balance muestra que la mayoría de las entidades siguen usando las herramientas "
        "de {skill} creadas durante el acompañamiento.",
        "Cada mes, unos talleres reúnen a {sector} de {city} para compartir sus dificultades y "
        "las soluciones que han encontrado.",
        "{org} publicará en primavera una guía práctica para las organizaciones que quieran "
        "acoger a voluntarios expertos.",
        "Las solicitudes están abiertas todo el año y cada petición recibe respuesta en un plazo "
        "de quince días hábiles.",
    ),
    titles=(
        "{skill}: {n} voluntarios al servicio de {sector} de {city}",
        "En {city}, el voluntariado profesional refuerza a {sector}",
        "Expertos en {skill} acompañan a {sector}",
        "Mentoría: un nuevo programa para {sector} de {city}",
        "Balance de la temporada: {n} proyectos de {skill}",
        "Cómo ayuda el voluntariado de competencias a {sector} de {city}",
    ),
    skills=("contabilidad", "comunicación", "derecho asociativo", "estrategia digital",
            "gestión de proyectos", "recursos humanos", "diseño gráfico", "captación de fondos"),
    sectors=("las asociaciones vecinales", "los bancos de alimentos", "los clubes deportivos",
             "las casas de juventud", "las entidades culturales", "las cooperativas sociales",
             "los centros de día", "las asociaciones de mayores"),
    cities=("Sevilla", "Valencia", "Bilbao", "Zaragoza", "Granada", "Murcia", "Oviedo", "Málaga"),
    people=("Lucía Herrera", "Javier Molina", "Carmen Ortega", "Pablo Navarro", "Marta Iglesias",
            "Sergio Castillo", "Elena Rubio", "Andrés Campos"),
    tags=("mentoría", "digital", "empleo", "solidaridad", "empresas", "formación"),
    orgs=("Voluntariado Experto {city}", "Red Pro Bono {city}", "Fundación Puentes"),
    nav={"home": "Inicio", "about": "Quiénes somos", "events": "Agenda", "jobs": "Empleo",
         "contact": "Contacto", "legal": "Aviso legal", "privacy": "Privacidad", "tags": "Temas"},
    news=(("Noticias", "noticias"), ("Blog", "blog"), ("Actualidad", "actualidad")),
    slugs={"about": "quienes-somos", "events": "agenda", "jobs": "empleo", "contact": "contacto",
           "legal": "aviso-legal", "privacy": "politica-de-privacidad", "tag": "etiqueta",
           "author": "autor"},
    read_more="Leer más", next_page="Página siguiente", prev_page="Página anterior", byline="Por",
    months=("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
            "septiembre", "octubre", "noviembre", "diciembre"),
    date_words="{d} de {month} de {y}", date_numeric="{dd}/{mm}/{y}",
    countries=(("ES", "+01:00"),),
    events=("Taller de {skill} en {city}", "Encuentro de voluntarios expertos de {city}",
            "Jornada informativa: {skill} para entidades"),
    jobs=("Técnico/a de voluntariado", "Coordinador/a de programas", "Prácticas en comunicación"),
    event_text=(
        "Te esperamos el {date} en {city}. Entrada libre con inscripción previa, plazas limitadas."
    ),
    job_text=(
        "{org} busca una persona para su sede de {city}. Contrato indefinido a jornada completa."
    ),
    about_text=(
        "Desde hace diez años, {org} une a profesionales voluntarios con las entidades de {city} "
        "que "
        "necesitan ayuda experta."
    ),
    legal_text=(
        "Titular del sitio: {org}, asociación con sede en {city}. Responsable de contenidos: "
        "{person}."
    ),
    privacy_text=(
        "{org} solo recoge los datos necesarios para atender tu solicitud y no los cede a terceros."
    ),
    contact_text="Escríbenos con el formulario o visítanos en {city}, de lunes a viernes.",
    tagline="{org}, voluntariado profesional al servicio de las entidades sociales",
)

PT = Lang(
    code="pt",
    sentences=(
        "Desde a primavera, {n} voluntários da {org} colocam os seus conhecimentos de {skill} ao "
        "serviço das {sector} de {city}.",
        "Cada projeto dura cerca de seis semanas e começa com um diagnóstico feito em conjunto "
        "com a equipa da instituição apoiada.",
        "Para {person}, responsável pelo programa, o voluntariado de competências dá às pequenas "
        "organizações de {city} acesso a saberes que nunca poderiam pagar.",
        "As {sector} acompanhadas dizem que ganham muito tempo, sobretudo em {skill} e na gestão "
        "do dia a dia.",
        "A rede quer abrir {n} novos projetos até ao fim do ano, primeiro nos bairros onde as "
        "associações têm menos apoio.",
        "Os colaboradores voluntários fazem uma formação curta sobre escuta, confidencialidade e "
        "os limites do seu papel antes de entrar numa equipa.",
        "Uma associação de apoio alimentar de {city} reorganizou toda a sua logística com a ajuda "
        "de três especialistas em {skill}.",
        "Segundo {person}, um projeto corre bem quando a instituição explica com clareza aquilo "
        "de que precisa logo na primeira reunião.",
        "Os mentores continuam disponíveis durante vários meses depois do fim do projeto, o que "
        "tranquiliza as direções das {sector}.",
        "O programa é financiado por uma fundação e pelos contributos de {n} empresas parceiras "
        "comprometidas durante três anos.",
        "Um primeiro balanço mostra que a maioria das instituições continua a usar as ferramentas "
        "de {skill} criadas durante o acompanhamento.",
        "Todos os meses, oficinas reúnem as {sector} de {city} para partilhar dificuldades e as "
        "soluções que encontraram.",
        "A {org} vai publicar na primavera um guia prático para as organizações que querem "
        "acolher voluntários especializados.",
        "As candidaturas estão abertas durante todo o ano e cada pedido recebe resposta em quinze "
        "dias úteis.",
    ),
    titles=(
        "{skill}: {n} voluntários ao serviço das {sector} de {city}",
        "Em {city}, o voluntariado de competências reforça as {sector}",
        "Especialistas em {skill} apoiam as {sector}",
        "Mentoria: um novo programa para as {sector} de {city}",
        "Balanço da temporada: {n} projetos de {skill}",
        "Como o voluntariado profissional ajuda as {sector} de {city}",
    ),
    skills=("contabilidade", "comunicação", "direito associativo", "estratégia digital",
            "gestão de projetos", "recursos humanos", "design gráfico", "angariação de fundos"),
    sectors=("associações de moradores", "mercearias sociais", "coletividades desportivas",
             "casas da juventude", "associações culturais", "cooperativas sociais",
             "instituições de solidariedade", "associações de idosos"),
    cities=("Leiria", "Braga", "Coimbra", "Faro", "Aveiro", "Évora", "Viseu", "Setúbal"),
    people=("Ana Carvalho", "João Pereira", "Inês Rodrigues", "Miguel Sousa", "Beatriz Lopes",
            "Tiago Martins", "Rita Fernandes", "Duarte Almeida"),
    tags=("mentoria", "digital", "emprego", "solidariedade", "empresas", "formação"),
    orgs=("Competências Solidárias {city}", "Rede Pro Bono {city}", "Associação Pontes"),
    nav={"home": "Início", "about": "Quem somos", "events": "Agenda", "jobs": "Vagas",
         "contact": "Contactos", "legal": "Aviso legal", "privacy": "Privacidade", "tags": "Temas"},
    news=(("Notícias", "noticias"), ("Blogue", "blogue"), ("Atualidade", "atualidade")),
    slugs={"about": "quem-somos", "events": "agenda", "jobs": "vagas", "contact": "contactos",
           "legal": "aviso-legal", "privacy": "politica-de-privacidade", "tag": "tema",
           "author": "autor"},
    read_more="Ler mais", next_page="Página seguinte", prev_page="Página anterior", byline="Por",
    months=("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
            "setembro", "outubro", "novembro", "dezembro"),
    date_words="{d} de {month} de {y}", date_numeric="{dd}/{mm}/{y}",
    countries=(("PT", "+00:00"),),
    events=("Oficina de {skill} em {city}", "Encontro de voluntários especializados de {city}",
            "Manhã informativa: {skill} para associações"),
    jobs=("Técnico/a de voluntariado", "Coordenador/a de programas", "Estágio em comunicação"),
    event_text=(
        "Esperamos por si a {date} em {city}. Entrada livre mediante inscrição, lugares limitados."
    ),
    job_text=(
        "A {org} procura uma pessoa para a sua delegação de {city}. Contrato sem termo, a tempo "
        "inteiro."
    ),
    about_text=(
        "Há dez anos que a {org} liga profissionais voluntários às instituições de {city} que "
        "precisam de ajuda especializada."
    ),
    legal_text=(
        "Entidade responsável pelo sítio: {org}, associação com sede em {city}. Diretora: {person}."
    ),
    privacy_text=(
        "A {org} recolhe apenas os dados necessários para responder ao seu pedido e não os "
        "partilha."
    ),
    contact_text=(
        "Escreva-nos através do formulário ou visite-nos em {city}, de segunda a sexta-feira."
    ),
    tagline="{org}, voluntariado de competências ao serviço das associações",
)

DE = Lang(
    code="de",
    sentences=(
        "Seit dem Frühjahr stellen {n} Ehrenamtliche von {org} ihr Wissen in {skill} für {sector} "
        "in {city} zur Verfügung.",
        "Ein Einsatz dauert im Schnitt sechs Wochen und beginnt mit einer gemeinsamen "
        "Bestandsaufnahme mit dem Team des Vereins.",
        "Für {person}, die das Programm leitet, öffnet das Kompetenzehrenamt kleinen Vereinen in "
        "{city} den Zugang zu Fachwissen, das sie sich nie leisten könnten.",
        "Die begleiteten {sector} berichten von spürbarer Entlastung, vor allem bei {skill} und "
        "in der täglichen Verwaltung.",
        "Bis zum Jahresende will das Netzwerk {n} neue Einsätze starten, zuerst in Stadtteilen, "
        "in denen Vereine kaum Unterstützung haben.",
        "Freiwillige Beschäftigte besuchen vorher eine kurze Schulung über Zuhören, "
        "Vertraulichkeit und die Grenzen ihrer Rolle.",
        "Eine Tafel in {city} hat so ihre gesamte Logistik mit drei Fachleuten für {skill} neu "
        "aufgestellt.",
        "Laut {person} gelingt ein Einsatz vor allem dann, wenn der Verein seinen Bedarf schon "
        "beim ersten Treffen klar benennt.",
        "Die Mentorinnen und Mentoren bleiben noch Monate nach dem Einsatz erreichbar, was die "
        "ehrenamtlichen Vorstände der {sector} beruhigt.",
        "Finanziert wird das Programm von einer Stiftung und von {n} Partnerunternehmen, die sich "
        "für drei Jahre verpflichtet haben.",
        "Eine erste Auswertung zeigt, dass die meisten Vereine die im Einsatz entwickelten "
        "Werkzeuge für {skill} weiter nutzen.",
        "Jeden Monat treffen sich {sector} aus {city} in Werkstätten, um über Schwierigkeiten und "
        "gefundene Lösungen zu sprechen.",
        "{org} veröffentlicht im Frühjahr einen praktischen Leitfaden für Organisationen, die "
        "Fachfreiwillige aufnehmen möchten.",
        "Bewerbungen sind das ganze Jahr über möglich, und jede Anfrage wird innerhalb von "
        "fünfzehn Werktagen beantwortet.",
    ),
    titles=(
        "{skill}: {n} Ehrenamtliche unterstützen {sector} in {city}",
        "In {city} stärkt das Kompetenzehrenamt die {sector}",
        "Fachleute für {skill} begleiten {sector}",
        "Mentoring: ein neues Programm für {sector} in {city}",
        "Saisonbilanz: {n} gelungene Einsätze in {skill}",
        "Wie Pro-bono-Arbeit {sector} in {city} unterstützt",
    ),
    skills=("Buchhaltung", "Öffentlichkeitsarbeit", "Vereinsrecht", "Digitalstrategie",
            "Projektmanagement", "Personalwesen", "Grafikdesign", "Fundraising"),
    sectors=("Nachbarschaftsvereine", "Tafeln", "Sportvereine", "Jugendzentren", "Kulturvereine",
             "Sozialkaufhäuser", "Seniorentreffs", "Flüchtlingsinitiativen"),
    cities=("Leipzig", "Bremen", "Freiburg", "Kassel", "Münster", "Rostock", "Augsburg", "Mainz"),
    people=("Katrin Albers", "Jonas Brandt", "Miriam Kessler", "Felix Hartmann", "Sabine Vogt",
            "Tobias Lehmann", "Anja Seidel", "Markus Winkler"),
    tags=("Mentoring", "Digitalisierung", "Arbeitsmarkt", "Engagement", "Unternehmen",
          "Weiterbildung"),
    orgs=("Kompetenz schenken {city}", "Pro Bono Netzwerk {city}", "Brückenbauer e.V."),
    nav={"home": "Startseite", "about": "Über uns", "events": "Veranstaltungen",
         "jobs": "Stellenangebote", "contact": "Kontakt", "legal": "Impressum",
         "privacy": "Datenschutz", "tags": "Themen"},
    news=(("Aktuelles", "aktuelles"), ("Neuigkeiten", "neuigkeiten"), ("Blog", "blog")),
    slugs={"about": "ueber-uns", "events": "veranstaltungen", "jobs": "stellenangebote",
           "contact": "kontakt", "legal": "impressum", "privacy": "datenschutz", "tag": "thema",
           "author": "autor"},
    read_more="Weiterlesen", next_page="Nächste Seite", prev_page="Vorherige Seite", byline="Von",
    other_bylines=("Autorin:", "Text:"),
    months=("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
            "Oktober", "November", "Dezember"),
    date_words="{d}. {month} {y}", date_numeric="{dd}.{mm}.{y}",
    countries=(("DE", "+01:00"), ("AT", "+01:00")),
    events=("Workshop {skill} in {city}", "Treffen der Fachfreiwilligen in {city}",
            "Infovormittag: {skill} für Vereine"),
    jobs=("Referent:in Engagementförderung", "Programmkoordination (m/w/d)",
          "Praktikum Öffentlichkeitsarbeit"),
    event_text=(
        "Wir treffen uns am {date} in {city}. Eintritt frei, Anmeldung erforderlich, begrenzte "
        "Plätze."
    ),
    job_text="{org} sucht für den Standort {city} Verstärkung. Unbefristet, Vollzeit, ab sofort.",
    about_text=(
        "Seit zehn Jahren bringt {org} Fachleute, die sich engagieren wollen, mit Vereinen in "
        "{city} "
        "zusammen."
    ),
    legal_text=(
        "Angaben gemäß Telemediengesetz: {org}, eingetragener Verein mit Sitz in {city}. Vertreten "
        "durch {person}."
    ),
    privacy_text=(
        "{org} erhebt nur die Daten, die zur Bearbeitung Ihrer Anfrage nötig sind, und gibt sie "
        "nicht weiter."
    ),
    contact_text=(
        "Schreiben Sie uns über das Formular oder besuchen Sie uns in {city}, montags bis freitags."
    ),
    tagline="{org} – Kompetenzehrenamt für gemeinnützige Vereine",
)

NL = Lang(
    code="nl",
    sentences=(
        "Sinds het voorjaar zetten {n} vrijwilligers van {org} hun kennis van {skill} in voor "
        "{sector} in {city}.",
        "Een opdracht duurt gemiddeld zes weken en begint met een gezamenlijke verkenning met het "
        "team van de organisatie.",
        "Volgens {person}, die het programma leidt, geeft kennisvrijwilligerswerk kleine "
        "stichtingen in {city} toegang tot expertise die ze nooit zelf zouden kunnen betalen.",
        "De begeleide {sector} merken dat ze veel tijd winnen, vooral bij {skill} en in het "
        "dagelijkse beheer.",
        "Het netwerk wil voor het einde van het jaar {n} nieuwe opdrachten starten, eerst in "
        "wijken waar verenigingen weinig steun krijgen.",
        "Medewerkers die zich aanmelden volgen eerst een korte training over luisteren, "
        "vertrouwelijkheid en de grenzen van hun rol.",
        "Een voedselbank in {city} heeft zo haar hele logistiek vernieuwd met hulp van drie "
        "specialisten in {skill}.",
        "Volgens {person} slaagt een opdracht vooral als de organisatie al bij het eerste gesprek "
        "duidelijk zegt wat ze nodig heeft.",
        "De mentoren blijven na afloop nog maanden bereikbaar, wat de vrijwillige besturen van "
        "{sector} geruststelt.",
        "Het programma wordt betaald door een fonds en door {n} partnerbedrijven die zich voor "
        "drie jaar hebben verbonden.",
        "Een eerste evaluatie laat zien dat de meeste organisaties de hulpmiddelen voor {skill} "
        "uit het traject blijven gebruiken.",
        "Elke maand komen {sector} uit {city} samen in werkplaatsen om hun problemen en "
        "oplossingen te bespreken.",
        "{org} brengt in het voorjaar een praktische gids uit voor organisaties die "
        "kennisvrijwilligers willen ontvangen.",
        "Aanmelden kan het hele jaar door en elke aanvraag krijgt binnen vijftien werkdagen een "
        "antwoord.",
    ),
    titles=(
        "{skill}: {n} vrijwilligers helpen {sector} in {city}",
        "In {city} versterkt kennisvrijwilligerswerk de {sector}",
        "Specialisten in {skill} ondersteunen {sector}",
        "Mentoring: een nieuw programma voor {sector} in {city}",
        "Seizoensbalans: {n} geslaagde opdrachten in {skill}",
        "Hoe pro-bono-werk de {sector} in {city} helpt",
    ),
    skills=("boekhouding", "communicatie", "verenigingsrecht", "digitale strategie",
            "projectmanagement", "personeelszaken", "grafisch ontwerp", "fondsenwerving"),
    sectors=("buurtverenigingen", "voedselbanken", "sportclubs", "jongerencentra",
             "culturele stichtingen", "kringloopwinkels", "ouderenbonden", "wijkcentra"),
    cities=("Utrecht", "Groningen", "Eindhoven", "Zwolle", "Arnhem", "Leiden", "Gent", "Breda"),
    people=("Femke de Vries", "Daan Jansen", "Sanne Visser", "Bram Bakker", "Lotte Smit",
            "Ruben Mulder", "Eva de Boer", "Thijs Peters"),
    tags=("mentoring", "digitaal", "werk", "vrijwilligers", "bedrijven", "opleiding"),
    orgs=("Kennis Delen {city}", "Pro Bono Netwerk {city}", "Stichting Bruggenbouwers"),
    nav={"home": "Home", "about": "Over ons", "events": "Agenda", "jobs": "Vacatures",
         "contact": "Contact", "legal": "Colofon", "privacy": "Privacyverklaring",
         "tags": "Thema's"},
    news=(("Nieuws", "nieuws"), ("Blog", "blog"), ("Actueel", "actueel")),
    slugs={"about": "over-ons", "events": "agenda", "jobs": "vacatures", "contact": "contact",
           "legal": "colofon", "privacy": "privacyverklaring", "tag": "thema", "author": "auteur"},
    read_more="Lees meer", next_page="Volgende pagina", prev_page="Vorige pagina", byline="Door",
    months=("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
            "september", "oktober", "november", "december"),
    date_words="{d} {month} {y}", date_numeric="{dd}-{mm}-{y}",
    countries=(("NL", "+01:00"), ("BE", "+01:00")),
    events=("Workshop {skill} in {city}", "Ontmoeting van kennisvrijwilligers in {city}",
            "Informatieochtend: {skill} voor verenigingen"),
    jobs=("Programmacoördinator vrijwilligerswerk", "Medewerker partnerschappen",
          "Stage communicatie"),
    event_text=(
        "We zien je op {date} in {city}. Toegang gratis, aanmelden verplicht, beperkt aantal "
        "plaatsen."
    ),
    job_text=(
        "{org} zoekt een collega voor de vestiging in {city}. Vast contract, voltijd, per direct."
    ),
    about_text=(
        "Al tien jaar koppelt {org} professionals die iets willen betekenen aan organisaties in "
        "{city} die deskundige hulp zoeken."
    ),
    legal_text=(
        "Deze website is van {org}, stichting gevestigd in {city}. Verantwoordelijk: {person}."
    ),
    privacy_text=(
        "{org} verwerkt alleen de gegevens die nodig zijn om je vraag te beantwoorden en deelt ze "
        "met niemand."
    ),
    contact_text=(
        "Stuur ons een bericht via het formulier of kom langs in {city}, van maandag tot vrijdag."
    ),
    tagline="{org}: kennisvrijwilligers voor maatschappelijke organisaties",
)

IT = Lang(
    code="it",
    sentences=(
        "Dalla primavera, {n} volontari di {org} mettono le loro competenze di {skill} al "
        "servizio delle {sector} di {city}.",
        "Ogni progetto dura in media sei settimane e comincia con un'analisi condivisa con la "
        "squadra dell'associazione.",
        "Per {person}, che guida il programma, il volontariato di competenza permette alle "
        "piccole realtà di {city} di accedere a saperi che non potrebbero mai pagare.",
        "Le {sector} seguite raccontano di risparmiare molto tempo, soprattutto in materia di "
        "{skill} e "
        "nella gestione quotidiana.",
        "La rete vuole avviare {n} nuovi progetti entro la fine dell'anno, a partire dai "
        "quartieri dove le associazioni sono più sole.",
        "I dipendenti che aderiscono seguono prima un breve corso su ascolto, riservatezza e "
        "limiti del proprio ruolo.",
        "Un'associazione di aiuto alimentare di {city} ha così riorganizzato tutta la logistica "
        "con tre esperti di {skill}.",
        "Secondo {person}, un progetto riesce quando l'organizzazione spiega con chiarezza ciò di "
        "cui ha bisogno fin dal primo incontro.",
        "I mentori restano disponibili per diversi mesi dopo la fine del progetto, e questo "
        "rassicura i consigli direttivi delle {sector}.",
        "Il programma è finanziato da una fondazione e dai contributi di {n} aziende partner "
        "impegnate per tre anni.",
        "Un primo bilancio mostra che quasi tutte le associazioni continuano a usare gli "
        "strumenti di {skill} costruiti insieme.",
        "Ogni mese dei laboratori riuniscono le {sector} di {city} per confrontare problemi e "
        "soluzioni trovate.",
        "{org} pubblicherà in primavera una guida pratica per le realtà che vogliono accogliere "
        "volontari esperti.",
        "Le candidature sono aperte tutto l'anno e ogni richiesta riceve una risposta entro "
        "quindici giorni lavorativi.",
    ),
    titles=(
        "{skill}: {n} volontari al servizio delle {sector} di {city}",
        "A {city} il volontariato di competenza rafforza le {sector}",
        "Esperti di {skill} al fianco delle {sector}",
        "Mentoring: un nuovo programma per le {sector} di {city}",
        "Bilancio di stagione: {n} progetti di {skill}",
        "Come il volontariato professionale aiuta le {sector} di {city}",
    ),
    skills=("contabilità", "comunicazione", "diritto del terzo settore", "strategia digitale",
            "gestione dei progetti", "risorse umane", "grafica", "raccolta fondi"),
    sectors=("associazioni di quartiere", "dispense solidali", "società sportive",
             "cooperative sociali", "associazioni culturali", "case famiglia",
             "parrocchie del quartiere", "associazioni per anziani"),
    cities=("Bologna", "Torino", "Verona", "Bari", "Padova", "Trieste", "Perugia", "Lecce"),
    people=("Giulia Ferri", "Marco Bellini", "Chiara Rinaldi", "Luca Moretti", "Francesca Galli",
            "Davide Conti", "Elisa Marchetti", "Stefano Greco"),
    tags=("mentoring", "digitale", "lavoro", "solidarietà", "imprese", "formazione"),
    orgs=("Competenze Solidali {city}", "Rete Pro Bono {city}", "Associazione Ponti"),
    nav={"home": "Home", "about": "Chi siamo", "events": "Eventi", "jobs": "Lavora con noi",
         "contact": "Contatti", "legal": "Note legali", "privacy": "Privacy", "tags": "Temi"},
    news=(("Notizie", "notizie"), ("Blog", "blog"), ("News", "news")),
    slugs={"about": "chi-siamo", "events": "eventi", "jobs": "lavora-con-noi",
           "contact": "contatti",
           "legal": "note-legali", "privacy": "privacy", "tag": "tema", "author": "autore"},
    read_more="Leggi tutto", next_page="Pagina successiva", prev_page="Pagina precedente",
    byline="Di",
    months=("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
            "settembre", "ottobre", "novembre", "dicembre"),
    date_words="{d} {month} {y}", date_numeric="{dd}/{mm}/{y}",
    countries=(("IT", "+01:00"),),
    events=("Laboratorio di {skill} a {city}", "Incontro dei volontari esperti di {city}",
            "Mattinata informativa: {skill} per le associazioni"),
    jobs=("Responsabile programmi di volontariato", "Coordinatore/trice partnership",
          "Tirocinio in comunicazione"),
    event_text="Vi aspettiamo il {date} a {city}. Ingresso libero su prenotazione, posti limitati.",
    job_text=(
        "{org} cerca una persona per la sede di {city}. Contratto a tempo indeterminato, tempo "
        "pieno."
    ),
    about_text=(
        "Da dieci anni {org} mette in contatto professionisti volontari e associazioni di {city} "
        "che "
        "cercano un aiuto esperto."
    ),
    legal_text="Titolare del sito: {org}, associazione con sede a {city}. Responsabile: {person}.",
    privacy_text=(
        "{org} raccoglie solo i dati necessari per rispondere alla tua richiesta e non li cede a "
        "terzi."
    ),
    contact_text="Scrivici con il modulo oppure vieni a trovarci a {city}, dal lunedì al venerdì.",
    tagline="{org}, volontariato di competenza per il terzo settore",
)

PL = Lang(
    code="pl",
    sentences=(
        "Od wiosny {n} wolontariuszy z {org} dzieli się wiedzą z zakresu {skill}, wspierając "
        "{sector} w "
        "mieście {city}.",
        "Każdy projekt trwa średnio sześć tygodni i zaczyna się od wspólnej diagnozy z zespołem "
        "wspieranej organizacji.",
        "Według {person}, która prowadzi program, wolontariat kompetencyjny daje małym "
        "organizacjom z miasta {city} dostęp do wiedzy, na którą nigdy nie byłoby ich stać.",
        "Wspierane {sector} mówią, że oszczędzają dużo czasu, zwłaszcza w obszarze {skill} i w "
        "codziennej administracji.",
        "Do końca roku sieć chce uruchomić {n} nowych projektów, najpierw w dzielnicach, gdzie "
        "stowarzyszenia mają najmniej wsparcia.",
        "Pracownicy, którzy się zgłaszają, przechodzą najpierw krótkie szkolenie o słuchaniu, "
        "poufności i granicach swojej roli.",
        "Bank żywności z miasta {city} przebudował w ten sposób całą logistykę z pomocą trzech "
        "ekspertów od {skill}.",
        "Zdaniem {person} projekt się udaje, gdy organizacja już na pierwszym spotkaniu jasno "
        "mówi, czego potrzebuje.",
        "Mentorzy pozostają dostępni jeszcze przez kilka miesięcy po zakończeniu projektu, co "
        "uspokaja zarządy, w których działają {sector}.",
        "Program finansuje fundacja oraz {n} firm partnerskich, które zobowiązały się do wsparcia "
        "na trzy lata.",
        "Pierwsze podsumowanie pokazuje, że większość organizacji nadal korzysta z narzędzi do "
        "{skill} przygotowanych podczas współpracy.",
        "Co miesiąc {sector} z miasta {city} spotykają się na warsztatach, by porozmawiać o "
        "trudnościach i znalezionych rozwiązaniach.",
        "{org} wyda wiosną praktyczny poradnik dla organizacji, które chcą przyjmować "
        "wolontariuszy ekspertów.",
        "Zgłoszenia przyjmujemy przez cały rok, a na każde odpowiadamy w ciągu piętnastu dni "
        "roboczych.",
    ),
    titles=(
        "Wsparcie z zakresu {skill}: {n} wolontariuszy pomaga, {sector} z miasta {city} zyskują",
        "{city}: wolontariat kompetencyjny wzmacnia {sector}",
        "Eksperci od {skill} pomagają, a korzystają {sector}",
        "Mentoring: nowy program, z którego skorzystają {sector} z miasta {city}",
        "Podsumowanie sezonu: {n} projektów z zakresu {skill}",
        "Jak wolontariat pro bono pomaga, gdy {sector} z miasta {city} szukają wsparcia",
    ),
    skills=("księgowości", "komunikacji", "prawa organizacji pozarządowych", "strategii cyfrowej",
            "zarządzania projektami", "kadr", "projektowania graficznego", "pozyskiwania funduszy"),
    sectors=("stowarzyszenia sąsiedzkie", "banki żywności", "kluby sportowe",
             "świetlice młodzieżowe",
             "fundacje kulturalne", "spółdzielnie socjalne", "kluby seniora", "domy sąsiedzkie"),
    cities=("Kraków", "Gdańsk", "Wrocław", "Poznań", "Lublin", "Toruń", "Łódź", "Rzeszów"),
    people=("Agnieszka Nowak", "Piotr Wiśniewski", "Katarzyna Zielińska", "Tomasz Kowalczyk",
            "Magdalena Lewandowska", "Paweł Kamiński", "Joanna Wójcik", "Michał Dąbrowski"),
    tags=("mentoring", "cyfryzacja", "praca", "solidarność", "firmy", "szkolenia"),
    orgs=("Kompetencje dla Społeczności {city}", "Sieć Pro Bono {city}", "Fundacja Mosty"),
    nav={"home": "Strona główna", "about": "O nas", "events": "Wydarzenia", "jobs": "Praca",
         "contact": "Kontakt", "legal": "Nota prawna", "privacy": "Polityka prywatności",
         "tags": "Tematy"},
    news=(("Aktualności", "aktualnosci"), ("Blog", "blog"), ("Wiadomości", "wiadomosci")),
    slugs={"about": "o-nas", "events": "wydarzenia", "jobs": "praca", "contact": "kontakt",
           "legal": "nota-prawna", "privacy": "polityka-prywatnosci", "tag": "temat",
           "author": "autor"},
    read_more="Czytaj dalej", next_page="Następna strona", prev_page="Poprzednia strona",
    byline="Autor:",
    months=("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
            "września", "października", "listopada", "grudnia"),
    date_words="{d} {month} {y}", date_numeric="{dd}.{mm}.{y}",
    countries=(("PL", "+01:00"),),
    events=("Warsztaty z {skill} w mieście {city}", "Spotkanie wolontariuszy ekspertów, {city}",
            "Poranek informacyjny: wsparcie z {skill} dla organizacji"),
    jobs=("Koordynator/ka wolontariatu", "Specjalista/ka ds. partnerstw",
          "Staż w dziale komunikacji"),
    event_text="Zapraszamy {date}, {city}. Wstęp wolny po zapisach, liczba miejsc ograniczona.",
    job_text=(
        "{org} szuka osoby do biura w mieście {city}. Umowa o pracę na czas nieokreślony, pełny "
        "etat."
    ),
    about_text=(
        "Od dziesięciu lat {org} łączy profesjonalistów chcących pomagać z organizacjami z miasta "
        "{city}, które potrzebują wsparcia ekspertów."
    ),
    legal_text=(
        "Wydawca serwisu: {org}, stowarzyszenie z siedzibą w mieście {city}. Redaktor "
        "odpowiedzialny: {person}."
    ),
    privacy_text=(
        "{org} zbiera wyłącznie dane potrzebne do obsługi zgłoszenia i nikomu ich nie przekazuje."
    ),
    contact_text=(
        "Napisz do nas przez formularz lub odwiedź nasze biuro, {city}, od poniedziałku do piątku."
    ),
    tagline="{org} – wolontariat kompetencyjny dla organizacji społecznych",
)

SK = Lang(
    code="sk",
    sentences=(
        "Od jari {n} dobrovoľníkov z {org} pomáha svojimi znalosťami v oblasti {skill} a "
        "podporuje {sector} v meste {city}.",
        "Každý projekt trvá v priemere šesť týždňov a začína sa spoločnou analýzou s tímom "
        "podporenej organizácie.",
        "Podľa {person}, ktorá program vedie, dáva odborné dobrovoľníctvo malým organizáciám v "
        "meste {city} prístup k znalostiam, ktoré by si nikdy nemohli zaplatiť.",
        "Podporené {sector} hovoria, že ušetria veľa času, najmä pri úlohách z oblasti {skill} a v "
        "každodennej "
        "administratíve.",
        "Do konca roka chce sieť spustiť {n} nových projektov, najprv v štvrtiach, kde majú "
        "občianske združenia najmenej pomoci.",
        "Zamestnanci, ktorí sa prihlásia, absolvujú najprv krátke školenie o počúvaní, dôvernosti "
        "a hraniciach svojej úlohy.",
        "Potravinová banka v meste {city} takto s pomocou troch odborníkov z oblasti {skill} "
        "prestavala "
        "celú svoju logistiku.",
        "Podľa {person} je projekt úspešný vtedy, keď organizácia už na prvom stretnutí jasne "
        "povie, čo potrebuje.",
        "Mentori zostávajú k dispozícii ešte niekoľko mesiacov po skončení projektu, čo upokojuje "
        "dobrovoľné vedenie, ktoré majú {sector}.",
        "Program financuje nadácia a {n} partnerských firiem, ktoré sa zaviazali na tri roky.",
        "Prvé vyhodnotenie ukazuje, že väčšina organizácií naďalej používa nástroje z oblasti "
        "{skill}, "
        "ktoré vznikli počas spolupráce.",
        "Každý mesiac sa {sector} z mesta {city} stretávajú na workshopoch, aby hovorili o "
        "ťažkostiach a nájdených riešeniach.",
        "{org} vydá na jar praktickú príručku pre organizácie, ktoré chcú prijímať odborných "
        "dobrovoľníkov.",
        "Prihlášky prijímame počas celého roka a na každú odpovieme do pätnástich pracovných dní.",
    ),
    titles=(
        "Pomoc v oblasti {skill}: {n} dobrovoľníkov podporuje {sector} v meste {city}",
        "{city}: odborné dobrovoľníctvo posilňuje {sector}",
        "Odborníci z oblasti {skill} pomáhajú, {sector} získavajú",
        "Mentoring: nový program, ktorý podporí {sector} v meste {city}",
        "Bilancia sezóny: {n} projektov v oblasti {skill}",
        "Ako pro bono práca pomáha, keď {sector} v meste {city} hľadajú podporu",
    ),
    skills=("účtovníctva", "komunikácie", "práva neziskových organizácií", "digitálnej stratégie",
            "riadenia projektov", "personalistiky", "grafického dizajnu", "získavania financií"),
    sectors=("susedské združenia", "potravinové banky", "športové kluby", "nízkoprahové centrá",
             "kultúrne združenia", "sociálne podniky", "kluby seniorov", "komunitné centrá"),
    cities=("Košice", "Žilina", "Nitra", "Prešov", "Trnava", "Banská Bystrica", "Martin", "Poprad"),
    people=("Zuzana Horváthová", "Martin Kováč", "Lucia Vargová", "Peter Baláž", "Katarína Tóthová",
            "Tomáš Novák", "Jana Šimková", "Michal Polák"),
    tags=("mentoring", "digitalizácia", "zamestnanosť", "solidarita", "firmy", "vzdelávanie"),
    orgs=("Kompetencie pre komunitu {city}", "Sieť Pro Bono {city}", "Nadácia Mosty"),
    nav={"home": "Domov", "about": "O nás", "events": "Podujatia", "jobs": "Kariéra",
         "contact": "Kontakt", "legal": "Právne informácie", "privacy": "Ochrana osobných údajov",
         "tags": "Témy"},
    news=(("Aktuality", "aktuality"), ("Blog", "blog"), ("Novinky", "novinky")),
    slugs={"about": "o-nas", "events": "podujatia", "jobs": "kariera", "contact": "kontakt",
           "legal": "pravne-informacie", "privacy": "ochrana-osobnych-udajov", "tag": "tema",
           "author": "autor"},
    read_more="Čítať viac", next_page="Ďalšia strana", prev_page="Predchádzajúca strana",
    byline="Autor:",
    months=("januára", "februára", "marca", "apríla", "mája", "júna", "júla", "augusta",
            "septembra", "októbra", "novembra", "decembra"),
    date_words="{d}. {month} {y}", date_numeric="{d}. {m}. {y}",
    countries=(("SK", "+01:00"),),
    events=("Workshop z oblasti {skill}, {city}", "Stretnutie odborných dobrovoľníkov, {city}",
            "Informačné dopoludnie: pomoc v oblasti {skill}"),
    jobs=("Koordinátor/ka dobrovoľníctva", "Manažér/ka partnerstiev", "Stáž v komunikácii"),
    event_text=(
        "Tešíme sa na vás {date}, {city}. Vstup voľný po registrácii, počet miest je obmedzený."
    ),
    job_text=(
        "{org} hľadá kolegu alebo kolegyňu do kancelárie v meste {city}. Plný úväzok na dobu "
        "neurčitú."
    ),
    about_text=(
        "Už desať rokov {org} spája odborníkov, ktorí chcú pomáhať, s organizáciami v meste "
        "{city}, "
        "ktoré potrebujú odbornú pomoc."
    ),
    legal_text=(
        "Prevádzkovateľ stránky: {org}, občianske združenie so sídlom v meste {city}. Zodpovedná "
        "osoba: {person}."
    ),
    privacy_text=(
        "{org} spracúva iba údaje potrebné na vybavenie vašej žiadosti a nikomu ich neposkytuje."
    ),
    contact_text="Napíšte nám cez formulár alebo nás navštívte, {city}, od pondelka do piatka.",
    tagline="{org} – odborné dobrovoľníctvo pre neziskové organizácie",
)

ZH = Lang(
    code="zh",
    sentences=(
        "今年春天以来，{org}的{n}名志愿者把自己在{skill}方面的专长带给了{city}的{sector}。",
        "每个项目平均持续六周，开始时志愿者会和受助机构的团队一起梳理真正的需求。",
        "项目负责人{person}说，技能型志愿服务让{city}的小型公益机构获得了它们原本负担不起的专业支持。",
        "接受帮助的{sector}表示，在{skill}和日常管理上节省了大量时间。",
        "网络计划在年底前新开{n}个项目，优先照顾那些缺少支持的社区。",
        "报名的企业员工在加入团队之前，要先接受关于倾听、保密和角色边界的简短培训。",
        "{city}一家食物银行在三位{skill}专家的协助下，重新设计了整个物流流程。",
        "{person}认为，项目能否成功，关键在于机构在第一次见面时就把需求讲清楚。",
        "项目结束后，导师们还会保持联系好几个月，这让{sector}的负责人更加安心。",
        "这个项目由一家基金会和{n}家承诺支持三年的合作企业共同资助。",
        "初步评估显示，大多数机构在项目结束后仍在使用当时一起搭建的{skill}工具。",
        "每个月，{city}的{sector}都会参加交流工作坊，分享遇到的困难和找到的办法。",
        "{org}将在明年春天发布一本实用手册，帮助想要接待专业志愿者的机构做好准备。",
        "申请全年开放，每一份申请都会在十五个工作日内得到答复。",
    ),
    titles=(
        "{n}名{skill}志愿者走进{city}的{sector}",
        "{city}：技能型志愿服务为{sector}赋能",
        "{skill}专家结对帮扶{sector}",
        "导师计划：面向{city}{sector}的新项目启动",
        "年度回顾：{n}个{skill}志愿项目顺利完成",
        "专业志愿者如何帮助{city}的{sector}",
    ),
    skills=("财务管理", "品牌传播", "法律咨询", "数字化转型", "项目管理", "人力资源", "平面设计",
            "公益筹款"),
    sectors=("社区服务中心", "环保组织", "养老服务机构", "青少年活动中心", "乡村学校",
             "残障人士互助组织", "社区食物银行", "文化公益团体"),
    cities=("成都", "杭州", "武汉", "西安", "南京", "长沙", "昆明", "厦门"),
    people=("李静怡", "王建国", "陈晓雯", "张志强", "刘思远", "赵雅琴", "周明轩", "吴佳慧"),
    tags=("导师计划", "数字化", "就业", "社区", "企业志愿者", "培训"),
    orgs=("{city}技能公益中心", "{city}专业志愿者联盟", "益桥公益服务社"),
    nav={"home": "首页", "about": "关于我们", "events": "活动日历", "jobs": "招聘信息",
         "contact": "联系我们", "legal": "法律声明", "privacy": "隐私政策", "tags": "专题"},
    news=(("新闻动态", "news"), ("机构动态", "dongtai"), ("公益资讯", "zixun")),
    slugs={"about": "about", "events": "events", "jobs": "jobs", "contact": "contact",
           "legal": "legal", "privacy": "privacy", "tag": "tag", "author": "author"},
    read_more="阅读全文", next_page="下一页", prev_page="上一页",
    byline="作者：", other_bylines=("文/",),
    months=tuple(f"{m}月" for m in range(1, 13)),
    date_words="{y}年{m}月{d}日", date_numeric="{y}-{mm}-{dd}",
    countries=(("CN", "+08:00"),),
    events=("{city}{skill}公益工作坊", "{city}专业志愿者交流会", "{skill}公益开放日"),
    jobs=("志愿者项目主管", "合作伙伴关系专员", "传播部实习生"),
    event_text="活动时间：{date}，地点：{city}。免费参加，需提前报名，名额有限。",
    job_text="{org}{city}办公室招聘全职员工，签订无固定期限合同，尽快到岗。",
    about_text="十年来，{org}一直在为{city}需要专业帮助的公益机构匹配愿意奉献技能的志愿者。",
    legal_text="本网站由{org}主办，注册地{city}。内容负责人：{person}。",
    privacy_text="{org}只收集处理您的申请所必需的信息，绝不向任何第三方提供。",
    contact_text="请通过表单给我们留言，或在工作日到{city}办公室找我们。",
    tagline="{org}：用专业技能服务公益机构",
    cjk=True,
)

JA = Lang(
    code="ja",
    sentences=(
        "今年の春から、{org}の{n}人のボランティアが{skill}の専門知識を{city}の{sector}のために役立てています。",
        "ひとつのプロジェクトは平均して六週間ほど続き、まず受け入れ団体のスタッフと一緒に課題を整理するところから始まります。",
        "プログラムを担当する{person}さんは、プロボノのおかげで{city}の小さな団体でも、自分たちでは払えない専門性を得られると話します。",
        "支援を受けた{sector}からは、{skill}や日々の事務作業にかかる時間が大きく減ったという声が届いています。",
        "ネットワークは年末までに{n}件の新しいプロジェクトを始める予定で、支援の少ない地域を優先します。",
        "参加する社員は、チームに加わる前に、傾聴や守秘義務、自分の役割の範囲について短い研修を受けます。",
        "{city}のフードバンクは、{skill}に詳しい三人の協力を得て、物流の仕組みをすべて見直しました。",
        "{person}さんによれば、最初の打ち合わせで団体が必要なことをはっきり伝えられるかどうかが成功の鍵だそうです。",
        "プロジェクトが終わった後も、メンターは数か月にわたって相談に乗り、{sector}の理事たちを安心させています。",
        "このプログラムは、ある財団と、三年間の支援を約束した{n}社の協力企業によって支えられています。",
        "最初の振り返りでは、ほとんどの団体が、一緒に作った{skill}の道具をその後も使い続けていることがわかりました。",
        "毎月、{city}の{sector}が集まるワークショップが開かれ、困りごとや見つけた工夫を共有しています。",
        "{org}は来年の春に、専門ボランティアを受け入れたい団体向けの実践ガイドを発行する予定です。",
        "申し込みは一年中受け付けており、すべての相談に十五営業日以内にお返事しています。",
    ),
    titles=(
        "{skill}のプロボノ{n}人、{city}の{sector}を支援",
        "{city}で広がるプロボノ、{sector}の力に",
        "{skill}の専門家が{sector}に伴走",
        "メンター制度：{city}の{sector}向け新プログラムが始動",
        "今季のふりかえり：{skill}プロジェクト{n}件が完了",
        "プロボノは{city}の{sector}をどう支えているか",
    ),
    skills=("会計", "広報", "法務", "デジタル化", "プロジェクト管理", "人事", "デザイン",
            "ファンドレイジング"),
    sectors=("子ども食堂", "地域の自治会", "高齢者サロン", "環境保全団体", "障がい者支援団体",
             "フードバンク", "外国人支援団体", "地域の文化団体"),
    cities=("札幌", "仙台", "金沢", "名古屋", "神戸", "広島", "福岡", "那覇"),
    people=("佐藤美咲", "鈴木健太", "高橋由美", "田中翔太", "伊藤さくら", "渡辺大輔",
            "山本彩", "中村拓也"),
    tags=("メンター", "デジタル", "就労支援", "地域", "企業ボランティア", "研修"),
    orgs=("プロボノ{city}", "{city}スキル寄付ネットワーク", "かけはしプロボノ協会"),
    nav={"home": "ホーム", "about": "私たちについて", "events": "イベント", "jobs": "採用情報",
         "contact": "お問い合わせ", "legal": "利用規約", "privacy": "プライバシーポリシー",
         "tags": "テーマ"},
    news=(("お知らせ", "news"), ("活動報告", "report"), ("ブログ", "blog")),
    slugs={"about": "about", "events": "event", "jobs": "recruit", "contact": "contact",
           "legal": "terms", "privacy": "privacy", "tag": "tag", "author": "author"},
    read_more="続きを読む", next_page="次のページ", prev_page="前のページ", byline="著者：",
    other_bylines=("文：",),
    months=tuple(f"{m}月" for m in range(1, 13)),
    date_words="{y}年{m}月{d}日", date_numeric="{y}.{mm}.{dd}",
    countries=(("JP", "+09:00"),),
    events=("{city}で{skill}ワークショップ", "{city}プロボノ交流会", "{skill}の相談会"),
    jobs=("プログラムコーディネーター", "パートナーシップ担当", "広報インターン"),
    event_text="日時：{date}、会場：{city}。参加無料・事前申込制、定員に達し次第締め切ります。",
    job_text="{org}では{city}事務所で働くスタッフを募集しています。正社員、フルタイムです。",
    about_text="{org}は十年にわたり、専門性を生かしたい社会人と、{city}で専門的な支援を求める団体をつないできました。",
    legal_text="本サイトの運営者：{org}（所在地：{city}）。責任者：{person}。",
    privacy_text="{org}は、お問い合わせへの対応に必要な情報だけを取得し、第三者には提供しません。",
    contact_text="フォームからご連絡いただくか、平日に{city}の事務所までお越しください。",
    tagline="{org}｜スキルで社会に貢献するプロボノ",
    cjk=True,
)

KO = Lang(
    code="ko",
    sentences=(
        ("올봄부터 {org}의 자원봉사자 {n}명이 {skill} 분야의 "
         "전문성을 {city}의 {sector}에 나누고 있습니다."),
        ("하나의 프로젝트는 평균 6주 동안 진행되며, 먼저 지원받는 "
         "단체의 실무자들과 함께 필요한 것을 정리하는 데서 시작합니다."),
        ("프로그램을 맡고 있는 {person} 팀장은 재능기부 덕분에 {city}의 작은 "
         "단체들도 스스로는 감당할 수 없는 전문 지식을 얻는다고 말합니다."),
        ("지원을 받은 {sector}은/는 {skill}과/와 일상적인 "
         "행정 업무에서 시간을 크게 아낄 수 있었다고 전합니다."),
        ("네트워크는 연말까지 {n}개의 새 프로젝트를 시작할 "
         "계획이며, 지원이 부족한 지역을 먼저 찾아갈 예정입니다."),
        ("참여하는 직원들은 팀에 합류하기 전에 경청과 비밀 "
         "유지, 자신의 역할의 한계에 관한 짧은 교육을 받습니다."),
        ("{city}의 한 푸드뱅크는 {skill} 전문가 세 명의 "
         "도움으로 물류 체계를 처음부터 다시 짰습니다."),
        ("{person} 팀장은 단체가 첫 만남에서 필요한 것을 "
         "분명하게 말할 때 프로젝트가 잘 된다고 강조합니다."),
        ("멘토들은 프로젝트가 끝난 뒤에도 몇 달 동안 연락을 이어 "
         "가며 {sector}의 운영진에게 든든한 힘이 되어 줍니다."),
        "이 프로그램은 한 재단과 3년 동안 후원을 약속한 {n}개 협력 기업의 지원으로 운영됩니다.",
        ("첫 평가 결과, 대부분의 단체가 함께 만든 {skill} 도구를 "
         "프로젝트가 끝난 뒤에도 계속 쓰고 있는 것으로 나타났습니다."),
        "매달 {city}의 {sector}이/가 모이는 워크숍이 열려 어려움과 해결 방법을 함께 나눕니다.",
        ("{org}은/는 내년 봄 전문 자원봉사자를 맞이하려는 "
         "단체를 위한 실무 안내서를 펴낼 예정입니다."),
        "신청은 일 년 내내 받으며, 모든 문의에는 영업일 기준 15일 안에 답변을 드립니다.",
    ),
    titles=(
        "{skill} 재능기부자 {n}명, {city} {sector} 지원",
        "{city}에서 넓어지는 재능기부, {sector}에 힘을",
        "{skill} 전문가들, {sector}과/와 함께 걷다",
        "멘토링: {city} {sector}을/를 위한 새 프로그램 시작",
        "올해를 돌아보며: {skill} 프로젝트 {n}건 완료",
        "전문 자원봉사는 {city}의 {sector}을/를 어떻게 돕는가",
    ),
    skills=("회계", "홍보", "법률 자문", "디지털 전환", "프로젝트 관리", "인사 관리",
            "디자인", "모금"),
    sectors=("지역아동센터", "마을 공동체", "노인복지관", "환경 단체", "장애인 자립 단체",
             "푸드뱅크", "이주민 지원 단체", "지역 문화 단체"),
    cities=("부산", "대구", "광주", "대전", "전주", "춘천", "청주", "제주"),
    people=("김지은", "이민호", "박서연", "최준영", "정하늘", "강도윤", "윤수진", "한지훈"),
    tags=("멘토링", "디지털", "일자리", "지역사회", "기업 봉사", "교육"),
    orgs=("{city} 재능나눔센터", "{city} 프로보노 네트워크", "다리놓기 재능기부협회"),
    nav={"home": "홈", "about": "소개", "events": "행사 일정", "jobs": "채용 안내",
         "contact": "문의하기", "legal": "이용약관", "privacy": "개인정보처리방침", "tags": "주제"},
    news=(("소식", "news"), ("활동 소식", "activity"), ("블로그", "blog")),
    slugs={"about": "about", "events": "event", "jobs": "recruit", "contact": "contact",
           "legal": "terms", "privacy": "privacy", "tag": "tag", "author": "writer"},
    read_more="더 보기", next_page="다음 페이지", prev_page="이전 페이지", byline="글",
    months=tuple(f"{m}월" for m in range(1, 13)),
    date_words="{y}년 {m}월 {d}일", date_numeric="{y}.{mm}.{dd}",
    countries=(("KR", "+09:00"),),
    events=("{city} {skill} 워크숍", "{city} 전문 자원봉사자 만남의 날", "{skill} 상담의 날"),
    jobs=("프로그램 코디네이터", "협력 담당 매니저", "홍보 인턴"),
    event_text="일시: {date}, 장소: {city}. 참가비 무료, 사전 신청 필수, 선착순 마감입니다.",
    job_text="{org}에서 {city} 사무소에서 함께 일할 정규직 직원을 찾습니다.",
    about_text=("{org}은/는 지난 10년 동안 재능을 나누고 싶은 직장인과 "
                "{city}에서 전문적인 도움이 필요한 단체를 이어 왔습니다."),
    legal_text="이 사이트는 {city}에 있는 {org}에서 운영합니다. 책임자: {person}.",
    privacy_text="{org}은/는 문의 처리에 필요한 정보만 수집하며 제3자에게 제공하지 않습니다.",
    contact_text="문의 양식으로 연락하시거나 평일에 {city} 사무소를 방문해 주세요.",
    tagline="{org} | 전문성을 나누는 재능기부",
    cjk=True,
)


# More sentences per language: the more a site has to draw from, the less two of its articles
# share (see the module docstring).
_MORE: dict[str, tuple[str, ...]] = {
    "fr": (
        "À {city}, les {sector} ont souvent une seule personne salariée, qui porte à la fois la "
        "{skill}, l'accueil et les demandes de subvention.",
        "L'entreprise de {person} a libéré deux demi-journées par mois pour que ses équipes "
        "s'engagent auprès d'associations voisines.",
        "La restitution finale a eu lieu devant le conseil d'administration, qui a voté la "
        "nouvelle organisation à l'unanimité.",
        "{n} heures de travail bénévole ont été comptabilisées cette année, soit l'équivalent de "
        "plusieurs postes à temps plein.",
        "Les binômes associent toujours un profil junior et un profil expérimenté, afin que "
        "chacun apprenne pendant la mission.",
        "Une plateforme en ligne permet désormais aux associations de décrire leur besoin et de "
        "suivre l'avancement de leur demande.",
    ),
    "en": (
        "In {city}, {sector} often have a single paid worker who handles {skill}, front desk "
        "duties and grant applications at once.",
        "The company {person} works for now gives staff two half-days a month to help charities "
        "in their own neighbourhood.",
        "The final report was presented to the board of trustees, who approved the new structure "
        "without a single objection.",
        "Volunteers logged {n} hours of work this year, the equivalent of several full-time posts "
        "for the sector.",
        "Each pair brings together a junior and a senior professional, so that both learn "
        "something during the project.",
        "An online platform now lets charities describe what they need and follow the progress of "
        "their request.",
    ),
    "es": (
        "En {city}, {sector} suelen tener una sola persona contratada que se ocupa a la vez de los "
        "asuntos de "
        "{skill}, la atención al público y las subvenciones.",
        "La empresa de {person} concede dos medias jornadas al mes para que su plantilla colabore "
        "con entidades del barrio.",
        "La presentación final se hizo ante la junta directiva, que aprobó la nueva organización "
        "por unanimidad.",
        "Este año se han contabilizado {n} horas de trabajo voluntario, el equivalente a varios "
        "puestos a jornada completa.",
        "Las parejas de trabajo combinan siempre un perfil junior y otro con experiencia, para "
        "que ambos aprendan durante el proyecto.",
        "Una plataforma en línea permite ahora a las entidades describir su necesidad y seguir el "
        "estado de su solicitud.",
    ),
    "pt": (
        "Em {city}, as {sector} têm muitas vezes uma única pessoa contratada, que trata ao mesmo "
        "tempo dos assuntos de {skill}, do atendimento e das candidaturas a apoios.",
        "A empresa de {person} liberta duas manhãs por mês para que as suas equipas colaborem com "
        "associações do bairro.",
        "A apresentação final decorreu perante a direção, que aprovou a nova organização por "
        "unanimidade.",
        "Este ano foram registadas {n} horas de trabalho voluntário, o equivalente a vários "
        "postos a tempo inteiro.",
        "As duplas juntam sempre um perfil júnior e um perfil experiente, para que ambos aprendam "
        "durante o projeto.",
        "Uma plataforma online permite agora às instituições descrever a sua necessidade e "
        "acompanhar o pedido.",
    ),
    "de": (
        "In {city} haben {sector} oft nur eine bezahlte Kraft, die sich gleichzeitig um {skill}, "
        "Beratung und Förderanträge kümmert.",
        "Das Unternehmen von {person} stellt seine Beschäftigten zwei halbe Tage im Monat für "
        "Vereine aus der Nachbarschaft frei.",
        "Die Ergebnisse wurden dem Vorstand vorgestellt, der die neue Aufstellung einstimmig "
        "beschlossen hat.",
        "In diesem Jahr kamen {n} Stunden ehrenamtlicher Arbeit zusammen, so viel wie mehrere "
        "Vollzeitstellen.",
        "Die Tandems bestehen immer aus einer jüngeren und einer erfahrenen Fachkraft, damit "
        "beide im Einsatz dazulernen.",
        "Über eine Online-Plattform können Vereine jetzt ihren Bedarf beschreiben und den Stand "
        "ihrer Anfrage verfolgen.",
    ),
    "nl": (
        "In {city} hebben {sector} vaak maar één betaalde kracht, die tegelijk {skill}, de balie "
        "en subsidieaanvragen doet.",
        "Het bedrijf van {person} geeft medewerkers twee halve dagen per maand om organisaties in "
        "de buurt te helpen.",
        "De eindpresentatie vond plaats voor het bestuur, dat de nieuwe werkwijze unaniem heeft "
        "goedgekeurd.",
        "Dit jaar zijn {n} uur vrijwilligerswerk geteld, evenveel als meerdere voltijdbanen.",
        "De duo's bestaan altijd uit een starter en een ervaren professional, zodat beiden "
        "tijdens de opdracht iets leren.",
        "Via een online platform kunnen organisaties nu hun vraag beschrijven en de voortgang "
        "ervan volgen.",
    ),
    "it": (
        "A {city} le {sector} hanno spesso una sola persona retribuita, che segue insieme le "
        "pratiche di "
        "{skill}, lo sportello e i bandi.",
        "L'azienda di {person} concede due mezze giornate al mese perché i dipendenti aiutino le "
        "associazioni del quartiere.",
        "La restituzione finale si è svolta davanti al consiglio direttivo, che ha approvato la "
        "nuova organizzazione all'unanimità.",
        "Quest'anno sono state contate {n} ore di lavoro volontario, pari a diversi posti a tempo "
        "pieno.",
        "Le coppie di lavoro uniscono sempre un profilo giovane e uno esperto, così entrambi "
        "imparano durante il progetto.",
        "Una piattaforma online permette ora alle associazioni di descrivere il bisogno e seguire "
        "la propria richiesta.",
    ),
    "pl": (
        "W mieście {city} {sector} mają często tylko jedną zatrudnioną osobę, która odpowiada "
        "jednocześnie za sprawy z zakresu {skill}, dyżury i wnioski o dotacje.",
        "Firma, w której pracuje {person}, daje pracownikom dwa wolne popołudnia w miesiącu na "
        "pomoc organizacjom z sąsiedztwa.",
        "Końcowe wyniki przedstawiono zarządowi, który jednogłośnie przyjął nową organizację "
        "pracy.",
        "W tym roku policzono {n} godzin pracy wolontariuszy, czyli tyle, ile kilka pełnych "
        "etatów.",
        "Pary zawsze łączą osobę początkującą z doświadczoną, aby obie czegoś się nauczyły w "
        "trakcie projektu.",
        "Platforma internetowa pozwala teraz organizacjom opisać swoje potrzeby i śledzić postęp "
        "zgłoszenia.",
    ),
    "sk": (
        "V meste {city} majú {sector} často len jedného platového pracovníka, ktorý sa naraz "
        "stará o agendu z oblasti {skill}, poradenstvo aj žiadosti o granty.",
        "Firma, v ktorej pracuje {person}, dáva zamestnancom dve voľné popoludnia mesačne na "
        "pomoc organizáciám zo susedstva.",
        "Výsledky boli predstavené správnej rade, ktorá novú organizáciu práce jednomyseľne "
        "schválila.",
        "Tento rok sa napočítalo {n} hodín dobrovoľníckej práce, čo zodpovedá niekoľkým plným "
        "úväzkom.",
        "Dvojice vždy spájajú začínajúceho a skúseného odborníka, aby sa počas projektu obaja "
        "niečo naučili.",
        "Cez online platformu môžu organizácie teraz opísať svoju potrebu a sledovať stav svojej "
        "žiadosti.",
    ),
    "zh": (
        "在{city}，很多{sector}只有一名专职人员，既要负责{skill}，又要接待来访、撰写项目申请。",
        "{person}所在的公司每月给员工两个半天，让大家去附近的公益机构做志愿服务。",
        "项目成果最后向理事会做了汇报，新的工作方案获得全票通过。",
        "今年志愿者累计投入了{n}个小时，相当于好几个全职岗位的工作量。",
        "每个小组都由一位年轻成员和一位资深专家搭配，双方都能在项目中有所收获。",
        "现在，机构可以通过线上平台描述自己的需求，并随时查看申请的进度。",
        "不少志愿者说，走出办公室、看到自己的专业真正帮到别人，是最大的收获。",
        "为了让经验可以复制，项目组把每一次服务的过程都整理成了案例。",
        "{city}的一所乡村学校借助{skill}志愿者，第一次建立了完整的图书借阅系统。",
        "有的机构一开始并不清楚自己需要什么，志愿者会先陪他们把问题一个个拆开。",
        "明年，{org}还打算把服务延伸到周边县城，让更多基层组织受益。",
        "参与项目的企业也发现，员工的团队协作能力和责任感明显提高了。",
        "{person}回忆说，第一次走进{sector}时，桌上堆满了手写的账本和表格。",
        "志愿者们利用周末时间，为{city}的老人们开设了智能手机使用课程。",
        "在{skill}志愿者的建议下，机构把年度报告改写得更加简洁易懂。",
        "很多年轻人通过这个项目第一次了解到基层公益组织的日常工作。",
        "今年冬天，{n}位志愿者还协助社区完成了困难家庭的走访登记。",
        "机构负责人坦言，过去总觉得专业服务离自己很远，现在才发现并不难获得。",
        "为了方便偏远地区的机构，部分辅导改为每周一次的线上视频会议。",
        "项目组还建立了一个互助群，让不同城市的机构可以随时交流经验。",
    ),
    "ja": (
        "{city}では、多くの{sector}が職員一人だけで、{skill}も窓口対応も助成金の申請も担っています。",
        "{person}さんの勤める会社では、社員が月に二回、半日ずつ近所の団体を手伝えるようになりました。",
        "最終報告は理事会で行われ、新しい運営の形が全員一致で承認されました。",
        "今年ボランティアが費やした時間は合計{n}時間で、常勤職員数人分に相当します。",
        "チームは必ず若手とベテランの組み合わせで、どちらもプロジェクトを通じて学べるようにしています。",
        "現在はオンラインの窓口から、団体が困りごとを登録し、進み具合を確認できます。",
        "オフィスを出て、自分の仕事が誰かの役に立つのを実感できたことが一番の収穫だと話す参加者も多くいます。",
        "ノウハウをほかの地域でも生かせるよう、事務局は毎回の支援の流れを事例としてまとめています。",
        "{city}の小さな学童保育は、{skill}の専門家の手を借りて、初めて会員名簿をきちんと整えました。",
        "何に困っているのかがはっきりしない団体もあり、その場合はボランティアが一緒に課題を分けて考えます。",
        "来年、{org}は近くの町にも活動を広げ、より多くの地域団体を支える計画です。",
        "参加企業からは、社員のチームワークや責任感が目に見えて高まったという声も聞かれます。",
        "{person}さんは、初めて{sector}を訪ねたとき、机の上が手書きの帳簿で埋まっていたと振り返ります。",
        "ボランティアたちは週末を使って、{city}の高齢者向けにスマートフォン教室を開きました。",
        "{skill}の担当者の助言で、団体は年次報告書を短く読みやすい形に作り直しました。",
        "この取り組みを通じて、地域の市民活動の日常に初めて触れたという若い世代も少なくありません。",
        "今年の冬には、{n}人のボランティアが見守り訪問の記録づくりも手伝いました。",
        "専門的な支援は自分たちには縁がないと思っていたが、実はすぐ近くにあったと代表は笑います。",
        "離れた地域の団体のために、一部の相談は週に一度のオンライン面談に切り替えました。",
        "事務局は、各地の団体がいつでも経験を交換できるよう、交流の場も用意しています。",
    ),
    "ko": (
        ("{city}의 많은 {sector}은/는 상근자가 한 명뿐이어서 "
         "{skill}, 방문 상담, 지원금 신청을 모두 혼자 맡고 있습니다."),
        ("{person} 씨가 다니는 회사는 직원들이 한 달에 두 번, "
         "반나절씩 동네 단체를 도울 수 있도록 하고 있습니다."),
        "최종 결과는 이사회에서 발표되었고, 새로운 운영 방식이 만장일치로 승인되었습니다.",
        "올해 자원봉사자들이 들인 시간은 모두 {n}시간으로, 상근 직원 여러 명의 몫에 해당합니다.",
        ("팀은 언제나 신입과 경력자를 함께 묶어, 두 사람 "
         "모두 프로젝트를 통해 배울 수 있도록 합니다."),
        "이제 단체들은 온라인 창구에서 필요한 것을 등록하고 진행 상황을 확인할 수 있습니다.",
        ("사무실 밖으로 나가 내 일이 누군가에게 실제로 도움이 "
         "되는 것을 본 것이 가장 큰 보람이었다는 참가자가 많습니다."),
        ("경험을 다른 지역에서도 살릴 수 있도록 사무국은 "
         "매번의 지원 과정을 사례집으로 정리하고 있습니다."),
        ("{city}의 작은 공부방은 {skill} 전문가의 도움으로 "
         "처음으로 회원 명부를 제대로 갖추었습니다."),
        ("무엇이 문제인지 분명하지 않은 단체도 있어서, 그럴 "
         "때는 자원봉사자가 함께 과제를 하나씩 나누어 봅니다."),
        "내년에 {org}은/는 가까운 군 지역까지 활동을 넓혀 더 많은 풀뿌리 단체를 도울 계획입니다.",
        "참여 기업들도 직원들의 협업 능력과 책임감이 눈에 띄게 높아졌다고 말합니다.",
        ("{person} 씨는 처음 {sector}을/를 찾았을 때 책상 "
         "위에 손으로 쓴 장부가 가득했다고 떠올립니다."),
        "자원봉사자들은 주말을 이용해 {city}의 어르신들을 위한 스마트폰 교실을 열었습니다.",
        "{skill} 담당자의 조언에 따라 단체는 연간 보고서를 짧고 읽기 쉽게 다시 썼습니다.",
        "이 활동을 통해 지역 시민단체의 일상을 처음으로 가까이에서 보게 된 젊은 직장인도 많습니다.",
        "올겨울에는 자원봉사자 {n}명이 홀몸 어르신 방문 기록을 정리하는 일도 도왔습니다.",
        ("전문적인 지원은 우리와 거리가 멀다고 생각했는데 "
         "생각보다 가까이 있었다고 대표는 웃으며 말합니다."),
        "멀리 떨어진 지역의 단체를 위해 일부 상담은 일주일에 한 번 화상 회의로 바꾸었습니다.",
        "사무국은 여러 지역의 단체들이 언제든 경험을 나눌 수 있도록 교류 모임도 마련했습니다.",
    ),
}

LANGS: dict[str, Lang] = {
    lang.code: replace(lang, sentences=lang.sentences + _MORE[lang.code])
    for lang in (FR, EN, ES, PT, DE, NL, IT, PL, SK, ZH, JA, KO)
}
