<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="da_DK">
<context>
    <name>AbroadCountDialog</name>
    <message>
        <source>Ny udlandsoptælling for {aar}</source>
        <translation>New count abroad for {aar}</translation>
    </message>
    <message>
        <source>Ret udlandsoptælling for {aar}</source>
        <translation>Edit count abroad for {aar}</translation>
    </message>
    <message>
        <source>jan–mar</source>
        <translation>Jan–Mar</translation>
    </message>
    <message>
        <source>apr–jun</source>
        <translation>Apr–Jun</translation>
    </message>
    <message>
        <source>jul–sep</source>
        <translation>Jul–Sep</translation>
    </message>
    <message>
        <source>okt–dec</source>
        <translation>Oct–Dec</translation>
    </message>
    <message>
        <source>{n}. kvartal ({months})</source>
        <translation>Quarter {n} ({months})</translation>
    </message>
    <message>
        <source>(ikke kendt)</source>
        <translation>(not known)</translation>
    </message>
    <message>
        <source>fx 3</source>
        <translation>e.g. 3</translation>
    </message>
    <message>
        <source>&amp;Kvartal:</source>
        <translation>&amp;Quarter:</translation>
    </message>
    <message>
        <source>Det kvartal, forløbene startede i.</source>
        <translation>The quarter in which the pathways started.</translation>
    </message>
    <message>
        <source>&amp;Forløbstype:</source>
        <translation>Pathway &amp;type:</translation>
    </message>
    <message>
        <source>&amp;Behandlingsform:</source>
        <translation>Treatment &amp;form:</translation>
    </message>
    <message>
        <source>K&amp;ræftområde:</source>
        <translation>Cancer &amp;area:</translation>
    </message>
    <message>
        <source>&amp;Land:</source>
        <translation>&amp;Country:</translation>
    </message>
    <message>
        <source>Skriv en del af landets danske navn eller koden; vælg med ↓ og Enter.</source>
        <translation>Type part of the country&apos;s English name or its code; choose with ↓ and Enter.</translation>
    </message>
    <message>
        <source>&amp;Antal forløb:</source>
        <translation>&amp;Number of pathways:</translation>
    </message>
    <message>
        <source>K&amp;ommentar:</source>
        <translation>Co&amp;mment:</translation>
    </message>
    <message>
        <source>&amp;Gem (Ctrl+S)</source>
        <translation>Sa&amp;ve (Ctrl+S)</translation>
    </message>
    <message>
        <source>Annullér (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>«{text}» passer på flere lande: {names}. Vælg ét på listen.</source>
        <translation>«{text}» matches several countries: {names}. Choose one from the list.</translation>
    </message>
    <message>
        <source>Intet land passer på «{text}». Skriv en del af landets danske navn.</source>
        <translation>No country matches «{text}». Type part of the country&apos;s English name.</translation>
    </message>
</context>
<context>
    <name>AbroadDialog</name>
    <message>
        <source>Udlandsopgørelse</source>
        <translation>Pathways abroad</translation>
    </message>
    <message>
        <source>År</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>&amp;År:</source>
        <translation>&amp;Year:</translation>
    </message>
    <message>
        <source>Forløb på udenlandske sygehuse tælles pr. kvartal, forløbstype, behandlingsform, kræftområde og land. Ctrl+N: ny · F2 eller Enter: ret · Del: slet · Esc: luk.</source>
        <translation>Pathways at foreign hospitals are counted by quarter, pathway type, treatment form, cancer area and country. Ctrl+N: new · F2 or Enter: edit · Del: delete · Esc: close.</translation>
    </message>
    <message>
        <source>Udlandsoptællinger</source>
        <translation>Counts abroad</translation>
    </message>
    <message>
        <source>&amp;Ingen udenlandske forløb i år</source>
        <translation>No pathways abroad th&amp;is year</translation>
    </message>
    <message>
        <source>Registrér, at der ikke var nogen udenlandske forløb i året (Alt+I)</source>
        <translation>Record that there were no pathways abroad in the year (Alt+I)</translation>
    </message>
    <message>
        <source>Året er &amp;opgjort</source>
        <translation>Year &amp;complete</translation>
    </message>
    <message>
        <source>Registrér, at årets optællinger er komplette (Alt+O)</source>
        <translation>Record that the year&apos;s counts are complete (Alt+C)</translation>
    </message>
    <message>
        <source>Luk (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Årets svar:</source>
        <translation>The year&apos;s answer:</translation>
    </message>
    <message>
        <source>&amp;Ny optælling</source>
        <translation>&amp;New count</translation>
    </message>
    <message>
        <source>&amp;Ret</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;Slet</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <source>Egen region og SHAK-kode mangler; angiv dem under Indstillinger (Ctrl+,).</source>
        <translation>Your own region and SHAK code are missing; enter them under Settings (Ctrl+,).</translation>
    </message>
    <message>
        <source>Der er registreret ingen udenlandske forløb i {aar}. Skal der alligevel tælles forløb, så vælg først «Året er opgjort» (Alt+O) og derefter Ctrl+N.</source>
        <translation>No pathways abroad have been recorded for {aar}. To count pathways after all, first choose «Year complete» (Alt+C) and then Ctrl+N.</translation>
    </message>
    <message>
        <source>Ingen optællinger for {aar} endnu. Tryk Ctrl+N for at tilføje en, eller vælg «Ingen udenlandske forløb i år» (Alt+I), hvis der ikke var nogen.</source>
        <translation>No counts for {aar} yet. Press Ctrl+N to add one, or choose «No pathways abroad this year» (Alt+I) if there were none.</translation>
    </message>
    <message>
        <source>I alt: 0 forløb</source>
        <translation>Total: 0 pathways</translation>
    </message>
    <message>
        <source>K{0}</source>
        <translation>Q{0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;I alt: {total} forløb&lt;/b&gt;&lt;br&gt;Pr. kvartal: {kvartaler}&lt;br&gt;Pr. forløbstype: {types}&lt;br&gt;Pr. land: {lands}</source>
        <translation>&lt;b&gt;Total: {total} pathways&lt;/b&gt;&lt;br&gt;By quarter: {kvartaler}&lt;br&gt;By pathway type: {types}&lt;br&gt;By country: {lands}</translation>
    </message>
    <message>
        <source>Året {aar} er ikke opgjort endnu. En K4-fil kræver svaret.</source>
        <translation>The year {aar} has not been answered yet. A Q4 file requires the answer.</translation>
    </message>
    <message>
        <source>✓ Ingen udenlandske forløb i {aar} (registreret {when} af {login}).</source>
        <translation>✓ No pathways abroad in {aar} (recorded {when} by {login}).</translation>
    </message>
    <message>
        <source>✓ Året {aar} er opgjort (registreret {when} af {login}).</source>
        <translation>✓ The year {aar} is complete (recorded {when} by {login}).</translation>
    </message>
    <message>
        <source>Slet optælling</source>
        <translation>Delete count</translation>
    </message>
    <message>
        <source>Slet optællingen K{kvartal} · {type} · {land}: {antal} forløb?</source>
        <translation>Delete the count Q{kvartal} · {type} · {land}: {antal} pathways?</translation>
    </message>
    <message>
        <source>Annullér</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AbroadTableModel</name>
    <message>
        <source>Kvartal</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <source>Forløbstype</source>
        <translation>Pathway type</translation>
    </message>
    <message>
        <source>Behandlingsform</source>
        <translation>Treatment form</translation>
    </message>
    <message>
        <source>Kræftområde</source>
        <translation>Cancer area</translation>
    </message>
    <message>
        <source>Land</source>
        <translation>Country</translation>
    </message>
    <message>
        <source>Antal</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Kommentar</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>K{0}</source>
        <translation>Q{0}</translation>
    </message>
    <message>
        <source>(ikke kendt)</source>
        <translation>(not known)</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <source>MVK-lager (*.sqlite *.db);;Alle filer (*)</source>
        <translation>MVK store (*.sqlite *.db);;All files (*)</translation>
    </message>
    <message>
        <source>Sikkerhedskopi</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>Gem sikkerhedskopi</source>
        <translation>Save backup</translation>
    </message>
    <message>
        <source>Sikkerhedskopien blev ikke skrevet</source>
        <translation>The backup was not written</translation>
    </message>
    <message>
        <source>Sikkerhedskopien kunne ikke skrives til {0}: {1}</source>
        <translation>The backup could not be written to {0}: {1}</translation>
    </message>
    <message>
        <source>Sikkerhedskopien er ikke i orden</source>
        <translation>The backup is not sound</translation>
    </message>
    <message>
        <source>Gendan fra sikkerhedskopi</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <source>Gendan lageret?</source>
        <translation>Restore the store?</translation>
    </message>
    <message>
        <source>Lageret erstattes med sikkerhedskopien
{0}

Det, der er gemt, efter kopien blev taget, er ikke med i kopien. Det nuværende lager gemmes ved siden af, så intet slettes.

Vil du gendanne lageret fra kopien?</source>
        <translation>The store is replaced by the backup
{0}

What was saved after the backup was taken is not in the backup. The current store is kept beside it, so nothing is deleted.

Do you want to restore the store from the backup?</translation>
    </message>
    <message>
        <source>Lageret blev ikke gendannet</source>
        <translation>The store was not restored</translation>
    </message>
    <message>
        <source>Lageret er gendannet</source>
        <translation>The store has been restored</translation>
    </message>
    <message>
        <source>Tag &amp;sikkerhedskopi …</source>
        <translation>&amp;Back up …</translation>
    </message>
    <message>
        <source>Skriv en kontrolleret kopi af lageret til en fil</source>
        <translation>Write a checked copy of the store to a file</translation>
    </message>
    <message>
        <source>&amp;Gendan fra sikkerhedskopi …</source>
        <translation>&amp;Restore from backup …</translation>
    </message>
    <message>
        <source>Erstat lageret med en sikkerhedskopi</source>
        <translation>Replace the store with a backup</translation>
    </message>
</context>
<context>
    <name>CountryCombo</name>
    <message>
        <source>skriv en del af navnet, fx tysk</source>
        <translation>type part of the name, e.g. germ</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>MVK — uventet fejl</source>
        <translation>MVK — unexpected error</translation>
    </message>
    <message>
        <source>Der opstod en uventet fejl i MVK.</source>
        <translation>An unexpected error occurred in MVK.</translation>
    </message>
    <message>
        <source>Det, der allerede er gemt, er i sikkerhed. Du kan arbejde videre, men gem det, du er i gang med, og genstart MVK, hvis noget opfører sig mærkeligt.</source>
        <translation>Everything already saved is safe. You can carry on working, but save what you are doing and restart MVK if anything behaves strangely.</translation>
    </message>
    <message>
        <source>Det, der allerede er gemt, er i sikkerhed. MVK lukker, når du lukker denne besked; start programmet igen bagefter.</source>
        <translation>Everything already saved is safe. MVK closes when you close this message; start the program again afterwards.</translation>
    </message>
    <message>
        <source>Kopiér detaljerne og send dem til support sammen med logfilen. Hverken detaljerne eller logfilen indeholder CPR-numre.</source>
        <translation>Copy the details and send them to support together with the log file. Neither the details nor the log file contain CPR numbers.</translation>
    </message>
    <message>
        <source>Logfil: {0}</source>
        <translation>Log file: {0}</translation>
    </message>
    <message>
        <source>Logfilen kunne ikke skrives; kopiér detaljerne nedenfor.</source>
        <translation>The log file could not be written; copy the details below.</translation>
    </message>
    <message>
        <source>&amp;Detaljer:</source>
        <translation>&amp;Details:</translation>
    </message>
    <message>
        <source>Detaljer om fejlen</source>
        <translation>Details of the error</translation>
    </message>
    <message>
        <source>&amp;Kopiér</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <source>Kopiér detaljerne og logfilens placering</source>
        <translation>Copy the details and the location of the log file</translation>
    </message>
    <message>
        <source>&amp;Luk</source>
        <translation>C&amp;lose</translation>
    </message>
    <message>
        <source>Der opstod {0} uventede fejl i MVK.</source>
        <translation>{0} unexpected errors occurred in MVK.</translation>
    </message>
    <message>
        <source>Kopieret til udklipsholderen.</source>
        <translation>Copied to the clipboard.</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>ddmmåå</source>
        <translation>ddmmyy</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Der er ingen forløb i lageret.</source>
        <translation>There are no pathways in the store.</translation>
    </message>
    <message>
        <source>Ingen forløb endnu — tryk Ctrl+N for at registrere det første.</source>
        <translation>No pathways yet — press Ctrl+N to register the first one.</translation>
    </message>
    <message>
        <source>✓ Ingen overskredne frister blandt de valgte forløb.</source>
        <translation>✓ No overdue deadlines among the selected pathways.</translation>
    </message>
    <message>
        <source>✓ Ingen overskredne frister
Alle åbne forløb er inden for fristen.</source>
        <translation>✓ No overdue deadlines
All open pathways are within their deadline.</translation>
    </message>
    <message>
        <source>Intet forløb passer til søgningen. Tjek CPR-nummeret eller filtrene.</source>
        <translation>No pathway matches the search. Check the CPR number or the filters.</translation>
    </message>
    <message>
        <source>Ingen åbne forløb — alle er afsluttet eller afbrudt.
Vælg Status: Alle for at se dem.</source>
        <translation>No open pathways — all are closed or interrupted.
Choose Status: All to see them.</translation>
    </message>
    <message>
        <source>Ingen forløb passer til de valgte filtre.</source>
        <translation>No pathways match the chosen filters.</translation>
    </message>
</context>
<context>
    <name>FindingsTable</name>
    <message>
        <source>Alvor</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Regel</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Sted</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>CPR</source>
        <translation>CPR</translation>
    </message>
    <message>
        <source>Tekst</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>FEJL</source>
        <translation>ERROR</translation>
    </message>
    <message>
        <source>ADVARSEL</source>
        <translation>WARNING</translation>
    </message>
    <message>
        <source>ark {0}</source>
        <translation>sheet {0}</translation>
    </message>
    <message>
        <source>række {0}</source>
        <translation>row {0}</translation>
    </message>
    <message>
        <source>felt {0}</source>
        <translation>field {0}</translation>
    </message>
    <message>
        <source>Åbent forløb med frist {0}, uden start eller afbrydelse (Enter åbner forløbet)</source>
        <translation>Open pathway with deadline {0}, without a start or interruption (Enter opens the pathway)</translation>
    </message>
    <message>
        <source>forløb</source>
        <translation>pathway</translation>
    </message>
    <message>
        <source>Enter eller dobbeltklik åbner forløbet.</source>
        <translation>Enter or double-click opens the pathway.</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Gem (Ctrl+S eller Ctrl+Enter)</source>
        <translation>Save (Ctrl+S or Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Annullér</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Luk uden at gemme (Esc)</source>
        <translation>Close without saving (Esc)</translation>
    </message>
    <message>
        <source>Skriv SHAK-koden: 4, 6 eller 7 tegn, kun A–Z og 0–9.</source>
        <translation>Enter the SHAK code: 4, 6 or 7 characters, only A–Z and 0–9.</translation>
    </message>
    <message>
        <source>Luk uden at gemme? Det, du har skrevet, går tabt.</source>
        <translation>Close without saving? What you have typed will be lost.</translation>
    </message>
    <message>
        <source>&amp;Luk uden at gemme</source>
        <translation>&amp;Close without saving</translation>
    </message>
    <message>
        <source>&amp;Fortsæt med at skrive</source>
        <translation>&amp;Keep typing</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Historik</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Ændret efter indberetning</source>
        <translation>Changed after delivery</translation>
    </message>
    <message>
        <source>Forløbets historik</source>
        <translation>History of the pathway</translation>
    </message>
    <message>
        <source>Oprettet</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Rettet</source>
        <translation>Corrected</translation>
    </message>
    <message>
        <source>Afsluttet</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Afbrudt</source>
        <translation>Interrupted</translation>
    </message>
    <message>
        <source>Slettet</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>Vælg et forløb for at se, hvem der har ændret hvad.</source>
        <translation>Select a pathway to see who changed what.</translation>
    </message>
    <message>
        <source>Der er ikke registreret ændringer af forløbet.</source>
        <translation>No changes to the pathway have been recorded.</translation>
    </message>
    <message>
        <source>⚠ Ændret efter indberetning: {periode} blev indberettet {dannet}, og forløbet er ændret {changed}. Den indberettede fil viser ikke forløbet, som det er nu.</source>
        <translation>⚠ Changed after delivery: {periode} was delivered {dannet}, and the pathway was changed {changed}. The delivered file does not show the pathway as it is now.</translation>
    </message>
    <message>
        <source>efter indberetning af {periode}</source>
        <translation>after delivery of {periode}</translation>
    </message>
    <message>
        <source>Begrundelse: {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Importér filer — forhåndsvisning</source>
        <translation>Import files — preview</translation>
    </message>
    <message>
        <source>Fil</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Kilde (SHAK)</source>
        <translation>Source (SHAK)</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Periode</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Nye</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Ændrede</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>Uændrede</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>Fjernede</source>
        <translation>Removed</translation>
    </message>
    <message>
        <source>Udland</source>
        <translation>Abroad</translation>
    </message>
    <message>
        <source>Filer der importeres</source>
        <translation>Files to be imported</translation>
    </message>
    <message>
        <source>{0} af {1} filer kan importeres.</source>
        <translation>{0} of {1} files can be imported.</translation>
    </message>
    <message>
        <source>{0} afvises helt på grund af fejl og importeres ikke (se fejlene under filen).</source>
        <translation>{0} refused in full because of errors and will not be imported (see the errors under the file).</translation>
    </message>
    <message>
        <source>Importen ændrer allerede leverede perioder ({0}): du bliver bedt om en begrundelse.</source>
        <translation>The import changes periods that have already been delivered ({0}): you will be asked for a reason.</translation>
    </message>
    <message>
        <source>En fil er den fulde tilstand for sin kilde, region og periode: forløb, som kildens tidligere fil havde, men denne ikke har, fjernes.</source>
        <translation>A file is the complete state of its source, region and period: pathways that the source&apos;s previous file had but this one does not are removed.</translation>
    </message>
    <message>
        <source>&amp;Importér</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>Importér de filer, der ikke er afvist (Enter)</source>
        <translation>Import the files that are not refused (Enter)</translation>
    </message>
    <message>
        <source>Alle filer er afvist; der er intet at importere</source>
        <translation>All files are refused; there is nothing to import</translation>
    </message>
    <message>
        <source>Annullér</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Luk uden at importere (Esc)</source>
        <translation>Close without importing (Esc)</translation>
    </message>
    <message>
        <source>Afvist</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Nyt forløb</source>
        <translation>New pathway</translation>
    </message>
    <message>
        <source>Ændret forløb</source>
        <translation>Changed pathway</translation>
    </message>
    <message>
        <source>Fjernet forløb</source>
        <translation>Removed pathway</translation>
    </message>
    <message>
        <source>… og {0} flere</source>
        <translation>… and {0} more</translation>
    </message>
    <message>
        <source>{0} {1}: {2}</source>
        <translation>{0} {1}: {2}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Åbne</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Afsluttede</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Afbrudte</source>
        <translation>Interrupted</translation>
    </message>
    <message>
        <source>Alle</source>
        <translation>All</translation>
    </message>
    <message>
        <source>MVK {version} — maksimale ventetider på kræftområdet</source>
        <translation>MVK {version} — maximum waiting times for cancer</translation>
    </message>
    <message>
        <source>Historik</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Søg CPR-nummer (Ctrl+F)</source>
        <translation>Search CPR number (Ctrl+F)</translation>
    </message>
    <message>
        <source>Søg CPR-nummer</source>
        <translation>Search CPR number</translation>
    </message>
    <message>
        <source>Alle typer</source>
        <translation>All types</translation>
    </message>
    <message>
        <source>Periode, fx 2024K2</source>
        <translation>Period, e.g. 2024K2</translation>
    </message>
    <message>
        <source>Kun overskredne</source>
        <translation>Only overdue</translation>
    </message>
    <message>
        <source>&amp;Søg:</source>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <source>&amp;Partner:</source>
        <translation>&amp;Partner:</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>T&amp;ype:</translation>
    </message>
    <message>
        <source>P&amp;eriode:</source>
        <translation>P&amp;eriod:</translation>
    </message>
    <message>
        <source>Arbejdsliste</source>
        <translation>Worklist</translation>
    </message>
    <message>
        <source>Lager: {0}</source>
        <translation>Store: {0}</translation>
    </message>
    <message>
        <source>Bruger: {0}</source>
        <translation>User: {0}</translation>
    </message>
    <message>
        <source>Dato: {0}</source>
        <translation>Date: {0}</translation>
    </message>
    <message>
        <source>&amp;Filer</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>F&amp;orløb</source>
        <translation>P&amp;athways</translation>
    </message>
    <message>
        <source>&amp;Nyt forløb</source>
        <translation>&amp;New pathway</translation>
    </message>
    <message>
        <source>&amp;Ret, afslut eller afbryd forløb</source>
        <translation>&amp;Edit, close or interrupt pathway</translation>
    </message>
    <message>
        <source>&amp;Slet forløb …</source>
        <translation>&amp;Delete pathway …</translation>
    </message>
    <message>
        <source>&amp;Udlandsopgørelse …</source>
        <translation>&amp;Abroad counts …</translation>
    </message>
    <message>
        <source>&amp;Partnersygehuse …</source>
        <translation>&amp;Partner hospitals …</translation>
    </message>
    <message>
        <source>&amp;Indstillinger …</source>
        <translation>&amp;Settings …</translation>
    </message>
    <message>
        <source>&amp;Afslut</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Kvartal</source>
        <translation>&amp;Quarter</translation>
    </message>
    <message>
        <source>&amp;Indberetning …</source>
        <translation>&amp;Reporting …</translation>
    </message>
    <message>
        <source>&amp;Kvartalsoverblik …</source>
        <translation>&amp;Quarter overview …</translation>
    </message>
    <message>
        <source>&amp;Vis</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Søg CPR-nummer</source>
        <translation>&amp;Search CPR number</translation>
    </message>
    <message>
        <source>&amp;Opdatér</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Kun &amp;overskredne</source>
        <translation>Only &amp;overdue</translation>
    </message>
    <message>
        <source>&amp;Hjælp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Tastaturgenveje</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>&amp;Om MVK</source>
        <translation>&amp;About MVK</translation>
    </message>
    <message>
        <source>Alle partnere</source>
        <translation>All partners</translation>
    </message>
    <message>
        <source>Åbne: {open} · Overskredne: {overdue} · Viser {shown} af {total}</source>
        <translation>Open: {open} · Overdue: {overdue} · Showing {shown} of {total}</translation>
    </message>
    <message>
        <source>Slet forløb?</source>
        <translation>Delete pathway?</translation>
    </message>
    <message>
        <source>Slet forløbet for {0} med henvisning {1}? Det kan ses i historikken bagefter.</source>
        <translation>Delete the pathway for {0} referred {1}? It can be seen in the history afterwards.</translation>
    </message>
    <message>
        <source>Begrundelse for sletningen</source>
        <translation>Reason for the deletion</translation>
    </message>
    <message>
        <source>Forløbet er ikke slettet</source>
        <translation>The pathway was not deleted</translation>
    </message>
    <message>
        <source>{0} kl. {1}</source>
        <translation>{0} at {1}</translation>
    </message>
    <message>
        <source>Ikke-gemt forløb</source>
        <translation>Unsaved pathway</translation>
    </message>
    <message>
        <source>Der er et forløb, du var i gang med at taste ({0}), som ikke blev gemt. Vil du åbne det igen?</source>
        <translation>A pathway you were typing ({0}) was not saved. Do you want to open it again?</translation>
    </message>
    <message>
        <source>Luk MVK?</source>
        <translation>Close MVK?</translation>
    </message>
    <message>
        <source>Formularen har indtastninger, der ikke er gemt. Vil du lukke alligevel? (Indtastningen gemmes som kladde og tilbydes igen ved næste start.)</source>
        <translation>The form has input that is not saved. Close anyway? (The input is kept as a draft and offered again at the next start.)</translation>
    </message>
    <message>
        <source>Om MVK</source>
        <translation>About MVK</translation>
    </message>
    <message>
        <source>MVK {version}

Registrering og national indberetning af kræftforløb omfattet af maksimale ventetider.

Lager: {store}</source>
        <translation>MVK {version}

Registration and national reporting of cancer pathways covered by maximum waiting times.

Store: {store}</translation>
    </message>
</context>
<context>
    <name>OverdueStatus</name>
    <message>
        <source>✓ Ingen overskredne frister</source>
        <translation>✓ No overdue deadlines</translation>
    </message>
    <message>
        <source>✖ {0} overskredne frister (Ctrl+Shift+O viser dem)</source>
        <translation>✖ {0} overdue deadlines (Ctrl+Shift+O shows them)</translation>
    </message>
    <message>
        <source>✖ 1 overskreden frist (Ctrl+Shift+O viser den)</source>
        <translation>✖ 1 overdue deadline (Ctrl+Shift+O shows it)</translation>
    </message>
</context>
<context>
    <name>OverviewScreen</name>
    <message>
        <source>Kvartalsoverblik</source>
        <translation>Quarter overview</translation>
    </message>
    <message>
        <source>Vælg region …</source>
        <translation>Choose region …</translation>
    </message>
    <message>
        <source>Regionen, hvis forløb tælles (Alt+R)</source>
        <translation>The region whose pathways are counted (Alt+R)</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Region:</translation>
    </message>
    <message>
        <source>{quarter}. kvartal {year}</source>
        <translation>Quarter {quarter} {year}</translation>
    </message>
    <message>
        <source>(i gang)</source>
        <translation>(in progress)</translation>
    </message>
    <message>
        <source>Kvartalet; forløb tælles i kvartalet for deres slutdato (Alt+P)</source>
        <translation>The quarter; pathways are counted in the quarter of their end date (Alt+P)</translation>
    </message>
    <message>
        <source>Periode</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>&amp;Periode:</source>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <source>&amp;Hele året</source>
        <translation>&amp;Whole year</translation>
    </message>
    <message>
        <source>Hele året, som kvartalet ligger i, i stedet for kvartalet alene (Alt+H)</source>
        <translation>The whole year that the quarter is in, instead of the quarter alone (Alt+W)</translation>
    </message>
    <message>
        <source>Til &amp;offentliggørelse</source>
        <translation>F&amp;or publication</translation>
    </message>
    <message>
        <source>Skjul små tal, så tallene kan offentliggøres. Den nationale fil skjuler aldrig noget (Alt+O)</source>
        <translation>Hide small counts so that the figures can be published. The national file never hides anything (Alt+O)</translation>
    </message>
    <message>
        <source>Opdatér</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Gem PDF …</source>
        <translation>Save PDF …</translation>
    </message>
    <message>
        <source>Gem Excel …</source>
        <translation>Save Excel …</translation>
    </message>
    <message>
        <source>Luk</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Forløb i alt</source>
        <translation>Pathways in total</translation>
    </message>
    <message>
        <source>Inden for den maksimale ventetid</source>
        <translation>Within the maximum waiting time</translation>
    </message>
    <message>
        <source>Kategori 1: inden for frist</source>
        <translation>Category 1: within the deadline</translation>
    </message>
    <message>
        <source>Kategori 2: overskredet, regler overholdt</source>
        <translation>Category 2: exceeded, rules complied with</translation>
    </message>
    <message>
        <source>Kategori 3: regler ikke overholdt</source>
        <translation>Category 3: rules not complied with</translation>
    </message>
    <message>
        <source>Heraf afbrudte</source>
        <translation>Of which interrupted</translation>
    </message>
    <message>
        <source>Ventedage: median / 90. percentil</source>
        <translation>Waiting days: median / 90th percentile</translation>
    </message>
    <message>
        <source>Ventende ved periodens slut</source>
        <translation>Waiting at the end of the period</translation>
    </message>
    <message>
        <source>&amp;Tabeller</source>
        <translation>&amp;Tables</translation>
    </message>
    <message>
        <source>&amp;Diagrammer</source>
        <translation>&amp;Charts</translation>
    </message>
    <message>
        <source>Tabellerne, som i PDF og Excel (Alt+T)</source>
        <translation>The tables, as in the PDF and the Excel file (Alt+T)</translation>
    </message>
    <message>
        <source>Diagrammerne (Alt+D)</source>
        <translation>The charts (Alt+C)</translation>
    </message>
    <message>
        <source>Gem PDF-rapport …</source>
        <translation>Save PDF report …</translation>
    </message>
    <message>
        <source>Gem tabellerne som Excel …</source>
        <translation>Save the tables as Excel …</translation>
    </message>
    <message>
        <source>Vælg en region for at se kvartalsoverblikket.

Programmets egen region angives under Indstillinger.</source>
        <translation>Choose a region to see the quarter overview.

The program&apos;s own region is set under Settings.</translation>
    </message>
    <message>
        <source>Beregner …</source>
        <translation>Calculating …</translation>
    </message>
    <message>
        <source>Overblikket kunne ikke beregnes.</source>
        <translation>The overview could not be calculated.</translation>
    </message>
    <message>
        <source>Overblikket kunne ikke beregnes.

{0}</source>
        <translation>The overview could not be calculated.

{0}</translation>
    </message>
    <message>
        <source>Årsoverblik</source>
        <translation>Annual overview</translation>
    </message>
    <message>
        <source>Perioden er ikke slut: tallene er foreløbige, og ventende forløb tælles pr. {date}.</source>
        <translation>The period has not ended: the figures are provisional, and waiting pathways are counted as of {date}.</translation>
    </message>
    <message>
        <source>Forløb tælles i perioden for deres slutdato (start eller afbrydelse). Afbrudte forløb er talt med i alle tal og vises også for sig.</source>
        <translation>Pathways are counted in the period of their end date (start or interruption). Interrupted pathways are included in every figure and are also shown separately.</translation>
    </message>
    <message>
        <source>Ingen forløb med slutdato i {period}.</source>
        <translation>No pathways with an end date in {period}.</translation>
    </message>
    <message>
        <source>{count} forløb ventede ved periodens slut ({date}), heraf {overdue} med overskredet frist.</source>
        <translation>{count} pathways were waiting at the end of the period ({date}), of which {overdue} were past their deadline.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Til offentliggørelse&lt;/b&gt; (tærskel {threshold}): antal fra 1 til {last} vises som «&amp;lt;{threshold}». «..» er et tal, der er skjult, fordi et skjult tal ellers kunne regnes ud fra en sum. Andele vises kun, når tallene bag dem vises. Enkelte forløb og fordelingen af ventedage vises ikke. Den nationale fil indberettes altid med alle tal.</source>
        <translation>&lt;b&gt;For publication&lt;/b&gt; (threshold {threshold}): counts from 1 to {last} are shown as «&amp;lt;{threshold}». «..» is a count that is hidden because a hidden count could otherwise be worked out from a total. Shares are shown only when the counts behind them are shown. Single pathways and the distribution of waiting days are not shown. The national file is always delivered with every count.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Intern udgave&lt;/b&gt; med alle tal. Må ikke offentliggøres uden «Til offentliggørelse» (Alt+O), der skjuler små tal.</source>
        <translation>&lt;b&gt;Internal edition&lt;/b&gt; with every count. Not for publication without «For publication» (Alt+O), which hides small counts.</translation>
    </message>
    <message>
        <source>Ventende ved periodens slut ({date})</source>
        <translation>Waiting at the end of the period ({date})</translation>
    </message>
    <message>
        <source>heraf {count} med overskredet frist</source>
        <translation>of which {count} past the deadline</translation>
    </message>
    <message>
        <source>Fordelingen af ventedage vises ikke i udgaven til offentliggørelse (enkelte forløb kunne genkendes).</source>
        <translation>The distribution of waiting days is not shown in the edition for publication (single pathways could be recognised).</translation>
    </message>
    <message>
        <source>Gem PDF-rapport</source>
        <translation>Save PDF report</translation>
    </message>
    <message>
        <source>PDF-dokumenter (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <source>Gem tabellerne som Excel</source>
        <translation>Save the tables as Excel</translation>
    </message>
    <message>
        <source>Excel-projektmapper (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>Gemmer {0} …</source>
        <translation>Saving {0} …</translation>
    </message>
    <message>
        <source>PDF-rapporten er gemt</source>
        <translation>The PDF report has been saved</translation>
    </message>
    <message>
        <source>PDF-rapporten er gemt:
{0}</source>
        <translation>The PDF report has been saved:
{0}</translation>
    </message>
    <message>
        <source>Tabellerne er gemt</source>
        <translation>The tables have been saved</translation>
    </message>
    <message>
        <source>Tabellerne er gemt:
{0}</source>
        <translation>The tables have been saved:
{0}</translation>
    </message>
    <message>
        <source>PDF-rapporten blev ikke gemt</source>
        <translation>The PDF report was not saved</translation>
    </message>
    <message>
        <source>Tabellerne blev ikke gemt</source>
        <translation>The tables were not saved</translation>
    </message>
    <message>
        <source>Filen kunne ikke skrives: {0}</source>
        <translation>The file could not be written: {0}</translation>
    </message>
</context>
<context>
    <name>PartnerEditDialog</name>
    <message>
        <source>Nyt partnersygehus</source>
        <translation>New partner hospital</translation>
    </message>
    <message>
        <source>Ret partnersygehus — {name}</source>
        <translation>Edit partner hospital — {name}</translation>
    </message>
    <message>
        <source>fx 8001</source>
        <translation>e.g. 8001</translation>
    </message>
    <message>
        <source>fx Privathospitalet Mølholm</source>
        <translation>e.g. Privathospitalet Mølholm</translation>
    </message>
    <message>
        <source>&amp;SHAK-kode:</source>
        <translation>&amp;SHAK code:</translation>
    </message>
    <message>
        <source>4 tegn for et sygehus, 6 for en afdeling, 7 for et afsnit.</source>
        <translation>4 characters for a hospital, 6 for a department, 7 for a unit.</translation>
    </message>
    <message>
        <source>&amp;Navn:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <source>&amp;Gem</source>
        <translation>Sa&amp;ve</translation>
    </message>
</context>
<context>
    <name>PartnerTableModel</name>
    <message>
        <source>Navn</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>SHAK</source>
        <translation>SHAK</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Aktiv</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Inaktiv</source>
        <translation>Inactive</translation>
    </message>
</context>
<context>
    <name>PartnersDialog</name>
    <message>
        <source>Partnersygehuse</source>
        <translation>Partner hospitals</translation>
    </message>
    <message>
        <source>Ingen partnersygehuse endnu — tryk Ctrl+N for at tilføje det første.</source>
        <translation>No partner hospitals yet — press Ctrl+N to add the first one.</translation>
    </message>
    <message>
        <source>Ctrl+N: nyt · F2 eller Enter: ret · Del: deaktivér eller aktivér · Esc: luk. Inaktive partnere kan ikke vælges til nye forløb; registrerede forløb berøres ikke.</source>
        <translation>Ctrl+N: new · F2 or Enter: edit · Del: deactivate or activate · Esc: close. Inactive partners cannot be chosen for new pathways; registered pathways are not affected.</translation>
    </message>
    <message>
        <source>&amp;Luk (Esc)</source>
        <translation>&amp;Close (Esc)</translation>
    </message>
    <message>
        <source>&amp;Nyt partnersygehus</source>
        <translation>&amp;New partner hospital</translation>
    </message>
    <message>
        <source>&amp;Ret partnersygehus</source>
        <translation>&amp;Edit partner hospital</translation>
    </message>
    <message>
        <source>&amp;Deaktivér</source>
        <translation>&amp;Deactivate</translation>
    </message>
    <message>
        <source>&amp;Aktivér</source>
        <translation>&amp;Activate</translation>
    </message>
    <message>
        <source>Deaktivér partnersygehus</source>
        <translation>Deactivate partner hospital</translation>
    </message>
    <message>
        <source>Deaktivér {name} ({shak})?</source>
        <translation>Deactivate {name} ({shak})?</translation>
    </message>
    <message>
        <source>Partneren kan ikke længere vælges til nye forløb. Registrerede forløb berøres ikke, og du kan aktivere partneren igen med Del.</source>
        <translation>The partner can no longer be chosen for new pathways. Registered pathways are not affected, and you can activate the partner again with Del.</translation>
    </message>
    <message>
        <source>Annullér</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PathwayForm</name>
    <message>
        <source>Ret forløb</source>
        <translation>Edit pathway</translation>
    </message>
    <message>
        <source>Nyt forløb</source>
        <translation>New pathway</translation>
    </message>
    <message>
        <source>ddmmåå-xxxx</source>
        <translation>ddmmyy-xxxx</translation>
    </message>
    <message>
        <source>fx Region Sjælland, Privathospital X</source>
        <translation>e.g. Region Sjælland, Private Hospital X</translation>
    </message>
    <message>
        <source>&amp;CPR-nummer:</source>
        <translation>&amp;CPR number:</translation>
    </message>
    <message>
        <source>&amp;Partnersygehus:</source>
        <translation>&amp;Partner hospital:</translation>
    </message>
    <message>
        <source>&amp;Forløbstype:</source>
        <translation>Pathway &amp;type:</translation>
    </message>
    <message>
        <source>&amp;Behandlingsform:</source>
        <translation>Treatment &amp;form:</translation>
    </message>
    <message>
        <source>&amp;Kræftområde:</source>
        <translation>Cancer &amp;area:</translation>
    </message>
    <message>
        <source>&amp;Henvisning modtaget:</source>
        <translation>&amp;Referral received:</translation>
    </message>
    <message>
        <source>Sa&amp;mtykke:</source>
        <translation>Co&amp;nsent:</translation>
    </message>
    <message>
        <source>&amp;Tilbudt start:</source>
        <translation>&amp;Offered start:</translation>
    </message>
    <message>
        <source>&amp;Start:</source>
        <translation>&amp;Start:</translation>
    </message>
    <message>
        <source>&amp;Afbrudt:</source>
        <translation>&amp;Interrupted:</translation>
    </message>
    <message>
        <source>Å&amp;rsag:</source>
        <translation>R&amp;eason:</translation>
    </message>
    <message>
        <source>Tilbud an&amp;detsteds:</source>
        <translation>Offer else&amp;where:</translation>
    </message>
    <message>
        <source>&amp;Udfald:</source>
        <translation>O&amp;utcome:</translation>
    </message>
    <message>
        <source>K&amp;ommentar:</source>
        <translation>Co&amp;mment:</translation>
    </message>
    <message>
        <source>Bopæ&amp;lsregion:</source>
        <translation>&amp;Home region:</translation>
    </message>
    <message>
        <source>&amp;Ekstern reference:</source>
        <translation>Externa&amp;l reference:</translation>
    </message>
    <message>
        <source>Frist:</source>
        <translation>Deadline:</translation>
    </message>
    <message>
        <source>Kategori:</source>
        <translation>Category:</translation>
    </message>
    <message>
        <source>&amp;Gem (Ctrl+S)</source>
        <translation>Sa&amp;ve (Ctrl+S)</translation>
    </message>
    <message>
        <source>Gem og &amp;ny (Ctrl+Shift+S)</source>
        <translation>Save and ne&amp;xt (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Annullér (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>— regler overholdt —</source>
        <translation>— rules complied with —</translation>
    </message>
    <message>
        <source>— regler ikke overholdt —</source>
        <translation>— rules not complied with —</translation>
    </message>
    <message>
        <source>Født {0}</source>
        <translation>Born {0}</translation>
    </message>
    <message>
        <source>kvinde</source>
        <translation>female</translation>
    </message>
    <message>
        <source>mand</source>
        <translation>male</translation>
    </message>
    <message>
        <source>erstatningsnummer</source>
        <translation>replacement number</translation>
    </message>
    <message>
        <source>uden modulus 11-kontrol (gyldigt)</source>
        <translation>without modulus 11 check (valid)</translation>
    </message>
    <message>
        <source>vises, når henvisningsdatoen er tastet</source>
        <translation>shown once the referral date is typed</translation>
    </message>
    <message>
        <source> (foreløbig, samtykke mangler)</source>
        <translation> (provisional, consent missing)</translation>
    </message>
    <message>
        <source>Ventedage: {0} · kategori 1 (inden for fristen)</source>
        <translation>Waiting days: {0} · category 1 (within the deadline)</translation>
    </message>
    <message>
        <source>kategori {0}</source>
        <translation>category {0}</translation>
    </message>
    <message>
        <source>vælg en årsag</source>
        <translation>choose a reason</translation>
    </message>
    <message>
        <source>Ventedage: {0} · fristen er overskredet med {1} — {2}</source>
        <translation>Waiting days: {0} · deadline exceeded by {1} — {2}</translation>
    </message>
    <message>
        <source>Bemærk: CPR-nummeret har allerede et forløb af samme type med henvisning {0}.</source>
        <translation>Note: the CPR number already has a pathway of the same type with referral {0}.</translation>
    </message>
    <message>
        <source>Begrundelse for ændringen</source>
        <translation>Reason for the change</translation>
    </message>
    <message>
        <source>Gemt. Klar til næste forløb.</source>
        <translation>Saved. Ready for the next pathway.</translation>
    </message>
    <message>
        <source>Kassér indtastning?</source>
        <translation>Discard input?</translation>
    </message>
    <message>
        <source>Du har tastet noget, der ikke er gemt. Vil du kassere det?</source>
        <translation>You have typed something that is not saved. Do you want to discard it?</translation>
    </message>
</context>
<context>
    <name>ReportingScreen</name>
    <message>
        <source>Kontrollerer filen …</source>
        <translation>Checking the file …</translation>
    </message>
    <message>
        <source>Kontrollerer forløbene …</source>
        <translation>Checking the pathways …</translation>
    </message>
    <message>
        <source>Sammenligner med lageret …</source>
        <translation>Comparing with the store …</translation>
    </message>
    <message>
        <source>Gemmer forløbene …</source>
        <translation>Saving the pathways …</translation>
    </message>
    <message>
        <source>Afslutter …</source>
        <translation>Finishing …</translation>
    </message>
    <message>
        <source>Indberetning — MVK</source>
        <translation>Reporting — MVK</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Vælg region …</source>
        <translation>Choose region …</translation>
    </message>
    <message>
        <source>Periode</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>&amp;Opdatér</source>
        <translation>Re&amp;fresh</translation>
    </message>
    <message>
        <source>&amp;Eksportér …</source>
        <translation>&amp;Export …</translation>
    </message>
    <message>
        <source>Prøve&amp;udtræk …</source>
        <translation>&amp;Trial extract …</translation>
    </message>
    <message>
        <source>&amp;Kontrollér fil …</source>
        <translation>&amp;Check file …</translation>
    </message>
    <message>
        <source>&amp;Importér filer …</source>
        <translation>&amp;Import files …</translation>
    </message>
    <message>
        <source>Kør forhåndskontrollen igen</source>
        <translation>Run the pre-check again</translation>
    </message>
    <message>
        <source>Dan kvartalets nationale fil og registrér leverancen i leveranceoversigten</source>
        <translation>Make the quarter&apos;s national file and record the delivery in the list of deliveries</translation>
    </message>
    <message>
        <source>Dan en prøvefil (PROEVE_…) til at se på; den registreres ikke som leverance</source>
        <translation>Make a trial file (PROEVE_…) to look at; it is not recorded as a delivery</translation>
    </message>
    <message>
        <source>Kontrollér en vilkårlig fil med modtagerens kontroller</source>
        <translation>Check any file with the receiver&apos;s checks</translation>
    </message>
    <message>
        <source>Indlæs nationale filer fra andre enheder, med forhåndsvisning</source>
        <translation>Load national files from other units, with a preview</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Region:</translation>
    </message>
    <message>
        <source>&amp;Periode:</source>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <source>Forhåndskontrol</source>
        <translation>Pre-check</translation>
    </message>
    <message>
        <source>Leverance</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <source>Dannet</source>
        <translation>Made</translation>
    </message>
    <message>
        <source>Af</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Fil</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Forløb</source>
        <translation>Pathways</translation>
    </message>
    <message>
        <source>Udlandsrækker</source>
        <translation>Abroad rows</translation>
    </message>
    <message>
        <source>Kontrolsum</source>
        <translation>Checksum</translation>
    </message>
    <message>
        <source>Leverancer</source>
        <translation>Deliveries</translation>
    </message>
    <message>
        <source>Periode, forløb og felt</source>
        <translation>Period, pathway and field</translation>
    </message>
    <message>
        <source>Leveret</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>Nu</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>Ændringer siden levering</source>
        <translation>Changes since delivery</translation>
    </message>
    <message>
        <source>Vælg en fil med »Kontrollér fil …« (Ctrl+K) for at se modtagerens kontroller.</source>
        <translation>Choose a file with »Check file …« (Ctrl+K) to see the receiver&apos;s checks.</translation>
    </message>
    <message>
        <source>Filkontrol</source>
        <translation>File check</translation>
    </message>
    <message>
        <source>Fremdrift</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Forhåndskontrol af {0} kører …</source>
        <translation>Pre-check of {0} running …</translation>
    </message>
    <message>
        <source>Forhåndskontrol af {0} for region {1} …</source>
        <translation>Pre-check of {0} for region {1} …</translation>
    </message>
    <message>
        <source>Forhåndskontrollen kunne ikke køres.</source>
        <translation>The pre-check could not be run.</translation>
    </message>
    <message>
        <source>Forhåndskontrollen kunne ikke køres</source>
        <translation>The pre-check could not be run</translation>
    </message>
    <message>
        <source>Ingen region er valgt. Vælg regionen ovenfor (Alt+R) eller i Indstillinger.</source>
        <translation>No region is chosen. Choose the region above (Alt+R) or in Settings.</translation>
    </message>
    <message>
        <source>Forhåndskontrollen kører, når en region er valgt.</source>
        <translation>The pre-check runs once a region is chosen.</translation>
    </message>
    <message>
        <source>Ingen region er valgt.</source>
        <translation>No region is chosen.</translation>
    </message>
    <message>
        <source>Forhåndskontrollen kunne ikke køres: {0}</source>
        <translation>The pre-check could not be run: {0}</translation>
    </message>
    <message>
        <source>Ingen afsluttede eller afbrudte forløb i {0} for region {1}: filen får ingen forløbsrækker.</source>
        <translation>No closed or interrupted pathways in {0} for region {1}: the file will have no pathway rows.</translation>
    </message>
    <message>
        <source>Filen for {0} får {1} forløb og {2} udlandsrækker.</source>
        <translation>The file for {0} will have {1} pathways and {2} abroad rows.</translation>
    </message>
    <message>
        <source>{0} er leveret før (seneste leverance {1}, {2}); en ny eksport er en rettelse (leverance {3}).</source>
        <translation>{0} has been delivered before (latest delivery {1}, {2}); a new export is a correction (delivery {3}).</translation>
    </message>
    <message>
        <source>Forhåndskontrollen fandt intet at bemærke.</source>
        <translation>The pre-check found nothing to report.</translation>
    </message>
    <message>
        <source>{0} — eksport ikke mulig før fejlene er rettet</source>
        <translation>{0} — export not possible until the errors are corrected</translation>
    </message>
    <message>
        <source>Ingen fejl, {0} — klar til eksport</source>
        <translation>No errors, {0} — ready for export</translation>
    </message>
    <message>
        <source>Ingen fejl — klar til eksport</source>
        <translation>No errors — ready for export</translation>
    </message>
    <message>
        <source>1 advarsel</source>
        <translation>1 warning</translation>
    </message>
    <message>
        <source>{0} advarsler</source>
        <translation>{0} warnings</translation>
    </message>
    <message>
        <source>{0} fejl</source>
        <translation>{0} error(s)</translation>
    </message>
    <message>
        <source>ingen fejl</source>
        <translation>no errors</translation>
    </message>
    <message>
        <source>Ingen leverancer for region {0} endnu.</source>
        <translation>No deliveries for region {0} yet.</translation>
    </message>
    <message>
        <source>Ingen ændringer siden seneste levering.</source>
        <translation>No changes since the latest delivery.</translation>
    </message>
    <message>
        <source>{0} nye, {1} ændrede, {2} fjernede forløb</source>
        <translation>{0} new, {1} changed, {2} removed pathways</translation>
    </message>
    <message>
        <source>{0} (leverance {1}, dannet {2}): {3}</source>
        <translation>{0} (delivery {1}, made {2}): {3}</translation>
    </message>
    <message>
        <source>En rettelse skal indberettes: ny levering af {0} (leverance {1}).</source>
        <translation>A correction is due: a new delivery of {0} (delivery {1}).</translation>
    </message>
    <message>
        <source>Udlandsopgørelsen er ændret siden leveringen.</source>
        <translation>The abroad count has changed since the delivery.</translation>
    </message>
    <message>
        <source>Listen kan være ufuldstændig: lageret er ændret uden om programmet.</source>
        <translation>The list may be incomplete: the store has been changed outside the program.</translation>
    </message>
    <message>
        <source>Nyt forløb</source>
        <translation>New pathway</translation>
    </message>
    <message>
        <source>Ændret forløb</source>
        <translation>Changed pathway</translation>
    </message>
    <message>
        <source>Fjernet forløb</source>
        <translation>Removed pathway</translation>
    </message>
    <message>
        <source>Enter åbner forløbet.</source>
        <translation>Enter opens the pathway.</translation>
    </message>
    <message>
        <source>(tom)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>Vent til det igangværende arbejde er færdigt.</source>
        <translation>Wait until the current work has finished.</translation>
    </message>
    <message>
        <source>Vælg en region først.</source>
        <translation>Choose a region first.</translation>
    </message>
    <message>
        <source>Forhåndskontrollen kører.</source>
        <translation>The pre-check is running.</translation>
    </message>
    <message>
        <source>Forhåndskontrollen kunne ikke køres (se ovenfor).</source>
        <translation>The pre-check could not be run (see above).</translation>
    </message>
    <message>
        <source>Eksport er ikke mulig: {0} fejl skal rettes først (se forhåndskontrollen).</source>
        <translation>Export is not possible: {0} error(s) must be corrected first (see the pre-check).</translation>
    </message>
    <message>
        <source>Lageret er åbnet skrivebeskyttet: leverancer og import kan ikke gemmes.</source>
        <translation>The store is open read-only: deliveries and imports cannot be saved.</translation>
    </message>
    <message>
        <source>Vælg mappe til prøvefilen</source>
        <translation>Choose a folder for the trial file</translation>
    </message>
    <message>
        <source>Vælg mappe til filen</source>
        <translation>Choose a folder for the file</translation>
    </message>
    <message>
        <source>Danner prøvefil for {0} …</source>
        <translation>Making a trial file for {0} …</translation>
    </message>
    <message>
        <source>Danner filen for {0} …</source>
        <translation>Making the file for {0} …</translation>
    </message>
    <message>
        <source>Filen er ikke dannet</source>
        <translation>The file was not made</translation>
    </message>
    <message>
        <source>Prøvefilen er dannet (registreres ikke som leverance):
{0}

{1} forløb og {2} udlandsrækker.</source>
        <translation>The trial file has been made (not recorded as a delivery):
{0}

{1} pathways and {2} abroad rows.</translation>
    </message>
    <message>
        <source>Prøveudtræk dannet</source>
        <translation>Trial extract made</translation>
    </message>
    <message>
        <source>Leverance {0} af {1} er dannet:
{2}

{3} forløb og {4} udlandsrækker.
Kontrolsum: {5}</source>
        <translation>Delivery {0} of {1} has been made:
{2}

{3} pathways and {4} abroad rows.
Checksum: {5}</translation>
    </message>
    <message>
        <source>Filen er dannet</source>
        <translation>The file has been made</translation>
    </message>
    <message>
        <source>Advarsler i filen: {0}</source>
        <translation>Warnings in the file: {0}</translation>
    </message>
    <message>
        <source>Vælg fil der skal kontrolleres</source>
        <translation>Choose the file to check</translation>
    </message>
    <message>
        <source>Excel-filer (*.xlsx);;Alle filer (*)</source>
        <translation>Excel files (*.xlsx);;All files (*)</translation>
    </message>
    <message>
        <source>Kontrollerer {0} …</source>
        <translation>Checking {0} …</translation>
    </message>
    <message>
        <source>Filen kunne ikke kontrolleres</source>
        <translation>The file could not be checked</translation>
    </message>
    <message>
        <source>filen ville blive afvist</source>
        <translation>the file would be refused</translation>
    </message>
    <message>
        <source>filen ville blive modtaget</source>
        <translation>the file would be accepted</translation>
    </message>
    <message>
        <source>«{0}»: {1} — {2}.</source>
        <translation>«{0}»: {1} — {2}.</translation>
    </message>
    <message>
        <source>Vælg filer der skal importeres</source>
        <translation>Choose the files to import</translation>
    </message>
    <message>
        <source>Læser og kontrollerer {0} filer …</source>
        <translation>Reading and checking {0} file(s) …</translation>
    </message>
    <message>
        <source>Filerne kunne ikke læses</source>
        <translation>The files could not be read</translation>
    </message>
    <message>
        <source>Forhåndsvisning af importen.</source>
        <translation>Preview of the import.</translation>
    </message>
    <message>
        <source>Begrundelse for ændring af leverede perioder</source>
        <translation>Reason for changing delivered periods</translation>
    </message>
    <message>
        <source>Importen ændrer allerede leverede perioder ({0}). Skriv en begrundelse; den gemmes i historikken:</source>
        <translation>The import changes periods that have already been delivered ({0}). Enter a reason; it is saved in the history:</translation>
    </message>
    <message>
        <source>Importen er annulleret; intet er ændret.</source>
        <translation>The import was cancelled; nothing has been changed.</translation>
    </message>
    <message>
        <source>Importerer {0} filer …</source>
        <translation>Importing {0} file(s) …</translation>
    </message>
    <message>
        <source>Importen mislykkedes</source>
        <translation>The import failed</translation>
    </message>
    <message>
        <source>{0}: {1} nye, {2} ændrede, {3} uændrede, {4} fjernede forløb</source>
        <translation>{0}: {1} new, {2} changed, {3} unchanged, {4} removed pathways</translation>
    </message>
    <message>
        <source>  udlandsopgørelse for {0}: {1} rækker</source>
        <translation>  abroad count for {0}: {1} rows</translation>
    </message>
    <message>
        <source>{0}: ikke importeret — {1}</source>
        <translation>{0}: not imported — {1}</translation>
    </message>
    <message>
        <source>{0} af {1} filer importeret.</source>
        <translation>{0} of {1} files imported.</translation>
    </message>
    <message>
        <source>Importen er delvis gennemført</source>
        <translation>The import was only partly completed</translation>
    </message>
    <message>
        <source>Importen er gennemført</source>
        <translation>The import is complete</translation>
    </message>
    <message>
        <source>Der opstod en uventet fejl ({0}). Den er skrevet i logfilen; prøv igen, og kontakt support hvis den kommer igen.</source>
        <translation>An unexpected error occurred ({0}). It has been written to the log file; try again, and contact support if it happens again.</translation>
    </message>
    <message>
        <source>Forløbet kan ikke åbnes</source>
        <translation>The pathway cannot be opened</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>MVK — første opstart</source>
        <translation>MVK — first start</translation>
    </message>
    <message>
        <source>Indstillinger</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Velkommen til MVK</source>
        <translation>Welcome to MVK</translation>
    </message>
    <message>
        <source>Før du går i gang, skal MVK vide, hvilken region og hvilket sygehus der indberetter, og hvem du er. Du kan ændre det senere under Indstillinger.</source>
        <translation>Before you start, MVK needs to know which region and which hospital reports, and who you are. You can change this later under Settings.</translation>
    </message>
    <message>
        <source>Vælg region …</source>
        <translation>Choose region …</translation>
    </message>
    <message>
        <source>fx 1301</source>
        <translation>e.g. 1301</translation>
    </message>
    <message>
        <source>fx ABC</source>
        <translation>e.g. ABC</translation>
    </message>
    <message>
        <source>Sygehuset (gælder alle, der bruger lageret)</source>
        <translation>The hospital (applies to everyone using the store)</translation>
    </message>
    <message>
        <source>Egen &amp;region:</source>
        <translation>Own &amp;region:</translation>
    </message>
    <message>
        <source>Skriv regionens kode (fx 1084) eller brug piletasterne.</source>
        <translation>Type the region&apos;s code (e.g. 1084) or use the arrow keys.</translation>
    </message>
    <message>
        <source>Egen &amp;SHAK-kode:</source>
        <translation>Own &amp;SHAK code:</translation>
    </message>
    <message>
        <source>Det indberettende sygehus eller afdeling: 4, 6 eller 7 tegn.</source>
        <translation>The reporting hospital or department: 4, 6 or 7 characters.</translation>
    </message>
    <message>
        <source>Dig (login {login})</source>
        <translation>You (login {login})</translation>
    </message>
    <message>
        <source>Dine &amp;initialer:</source>
        <translation>Your &amp;initials:</translation>
    </message>
    <message>
        <source>Dansk</source>
        <translation>Dansk</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>S&amp;prog:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>Sproget skifter, næste gang MVK startes.</source>
        <translation>The language changes the next time MVK is started.</translation>
    </message>
    <message>
        <source>Tal til offentliggørelse (gælder alle)</source>
        <translation>Figures for publication (applies to everyone)</translation>
    </message>
    <message>
        <source>&amp;Tærskel for små tal:</source>
        <translation>Small-count &amp;threshold:</translation>
    </message>
    <message>
        <source>I Kvartalsoverblik til offentliggørelse vises antal under tærsklen som «&lt;5» (ved tærskel 5). Den nationale fil har altid alle tal.</source>
        <translation>In the quarter overview for publication, counts below the threshold are shown as «&lt;5» (with threshold 5). The national file always has every count.</translation>
    </message>
    <message>
        <source>Første partnersygehus (kan også tilføjes senere)</source>
        <translation>First partner hospital (can also be added later)</translation>
    </message>
    <message>
        <source>fx 8001</source>
        <translation>e.g. 8001</translation>
    </message>
    <message>
        <source>fx Privathospitalet Mølholm</source>
        <translation>e.g. Privathospitalet Mølholm</translation>
    </message>
    <message>
        <source>Partnerens S&amp;HAK-kode:</source>
        <translation>Partner&apos;s S&amp;HAK code:</translation>
    </message>
    <message>
        <source>Partnerens &amp;navn:</source>
        <translation>Partner&apos;s &amp;name:</translation>
    </message>
    <message>
        <source>Lad begge felter stå tomme for at springe over.</source>
        <translation>Leave both fields empty to skip this.</translation>
    </message>
    <message>
        <source>&amp;Gem og start</source>
        <translation>Sa&amp;ve and start</translation>
    </message>
    <message>
        <source>&amp;Gem</source>
        <translation>Sa&amp;ve</translation>
    </message>
    <message>
        <source>Vælg jeres region.</source>
        <translation>Choose your region.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Næste felt</source>
        <translation>Next field</translation>
    </message>
    <message>
        <source>Tab eller Enter</source>
        <translation>Tab or Enter</translation>
    </message>
    <message>
        <source>Forrige felt</source>
        <translation>Previous field</translation>
    </message>
    <message>
        <source>Shift+Tab</source>
        <translation>Shift+Tab</translation>
    </message>
    <message>
        <source>Gem forløbet</source>
        <translation>Save the pathway</translation>
    </message>
    <message>
        <source>Ctrl+S, Ctrl+Enter eller Enter i sidste felt</source>
        <translation>Ctrl+S, Ctrl+Enter or Enter in the last field</translation>
    </message>
    <message>
        <source>Gem og start næste forløb</source>
        <translation>Save and start the next pathway</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Annullér (spørger kun hvis noget er tastet)</source>
        <translation>Cancel (asks only if something was typed)</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Gå til et felt</source>
        <translation>Go to a field</translation>
    </message>
    <message>
        <source>Alt + det understregede bogstav</source>
        <translation>Alt + the underlined letter</translation>
    </message>
    <message>
        <source>Tastaturgenveje</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>I registreringsformularen:</source>
        <translation>In the registration form:</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Taster</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>Luk (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
</context>
<context>
    <name>StateBanners</name>
    <message>
        <source>Pa&amp;rtnersygehuse …</source>
        <translation>Partner hospita&amp;ls …</translation>
    </message>
    <message>
        <source>Partnersygehuse (Ctrl+Shift+P)</source>
        <translation>Partner hospitals (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>Lageret kan kun læses: du kan se og søge i forløbene, men ikke gemme ændringer. Kontakt IT, hvis det er en fejl.</source>
        <translation>The store is read-only: you can view and search the pathways but not save changes. Contact IT if this is a mistake.</translation>
    </message>
    <message>
        <source>Ingen partnersygehuse er aktive. Aktivér eller opret dem under Filer → Partnersygehuse (Ctrl+Shift+P).</source>
        <translation>No partner hospitals are active. Activate or create them under File → Partner hospitals (Ctrl+Shift+P).</translation>
    </message>
    <message>
        <source>Der er ingen partnersygehuse endnu. Opret dem under Filer → Partnersygehuse (Ctrl+Shift+P), så de kan vælges, når du registrerer et forløb.</source>
        <translation>There are no partner hospitals yet. Create them under File → Partner hospitals (Ctrl+Shift+P) so they can be chosen when you register a pathway.</translation>
    </message>
</context>
<context>
    <name>StoreProblemDialog</name>
    <message>
        <source>MVK — lageret kan ikke åbnes</source>
        <translation>MVK — the store cannot be opened</translation>
    </message>
    <message>
        <source>Prøv &amp;igen</source>
        <translation>Try &amp;again</translation>
    </message>
    <message>
        <source>&amp;Afslut</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Lageret er fra en nyere version af MVK</source>
        <translation>The store is from a newer version of MVK</translation>
    </message>
    <message>
        <source>Dette er MVK {0}. Bed IT om at installere den nyeste version; indtil da kan lageret ikke bruges herfra.</source>
        <translation>This is MVK {0}. Ask IT to install the latest version; until then the store cannot be used from here.</translation>
    </message>
    <message>
        <source>Filen er ikke et MVK-lager</source>
        <translation>The file is not an MVK store</translation>
    </message>
    <message>
        <source>Lageret vælges med --db eller miljøvariablen MVK_DB_URL. Ret valget, så det peger på MVK-lageret, eller kontakt IT.</source>
        <translation>The store is chosen with --db or the environment variable MVK_DB_URL. Correct the choice so that it points to the MVK store, or contact IT.</translation>
    </message>
    <message>
        <source>Lageret er beskadiget</source>
        <translation>The store is damaged</translation>
    </message>
    <message>
        <source>Lageret ligger på et netværksdrev</source>
        <translation>The store is on a network drive</translation>
    </message>
    <message>
        <source>Lageret kan ikke nås</source>
        <translation>The store cannot be reached</translation>
    </message>
    <message>
        <source>Kontrollér netværksforbindelsen, og at databaseserveren kører. Tryk »Prøv igen«, når den er tilgængelig; kontakt IT, hvis det ikke hjælper.</source>
        <translation>Check the network connection and that the database server is running. Press »Try again« when it is available; contact IT if that does not help.</translation>
    </message>
    <message>
        <source>Lageret er optaget</source>
        <translation>The store is busy</translation>
    </message>
    <message>
        <source>Disken er fuld</source>
        <translation>The disk is full</translation>
    </message>
    <message>
        <source>Lageret kan kun læses</source>
        <translation>The store is read-only</translation>
    </message>
    <message>
        <source>Lageret kan ikke åbnes</source>
        <translation>The store cannot be opened</translation>
    </message>
</context>
<context>
    <name>WorklistModel</name>
    <message>
        <source>CPR</source>
        <translation>CPR</translation>
    </message>
    <message>
        <source>Forløbstype</source>
        <translation>Pathway type</translation>
    </message>
    <message>
        <source>Kræftområde</source>
        <translation>Cancer area</translation>
    </message>
    <message>
        <source>Partnersygehus</source>
        <translation>Partner hospital</translation>
    </message>
    <message>
        <source>Henvisning modtaget</source>
        <translation>Referral received</translation>
    </message>
    <message>
        <source>Frist</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>Dage tilbage</source>
        <translation>Days left</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Foreløbig frist: samtykkedatoen mangler endnu</source>
        <translation>Provisional deadline: the consent date is still missing</translation>
    </message>
    <message>
        <source>kategori {0}</source>
        <translation>category {0}</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Åben</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Afsluttet</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Afbrudt</source>
        <translation>Interrupted</translation>
    </message>
</context>
</TS>
