<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>orinet::AboutDialog</name>
    <message>
        <location filename="../app/gui/shell/aboutdialog.cpp" line="13"/>
        <source>About OriNet Studio</source>
        <translation>Über OriNet Studio</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/aboutdialog.cpp" line="15"/>
        <source>&lt;h2&gt;OriNet Studio %1&lt;/h2&gt;&lt;p&gt;Cross-view geo-localization with orientation-aware networks (Liu &amp;amp; Li, CVPR 2019).&lt;/p&gt;</source>
        <translation>&lt;h2&gt;OriNet Studio %1&lt;/h2&gt;&lt;p&gt;Blickwinkelübergreifende Geolokalisierung mit orientierungsbewussten Netzen (Liu &amp;amp; Li, CVPR 2019).&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>orinet::ApproximationText</name>
    <message>
        <location filename="../app/gui/evaluation/approximationtext.cpp" line="29"/>
        <source>%1 shortlist held the exact top-1 for %2 % of %3 sampled queries (95 % CI %4 %)</source>
        <translation>Die %1-Vorauswahl enthielt den exakten Top-1 bei %2 % von %3 Stichprobenanfragen (95-%-KI %4 %)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/approximationtext.cpp" line="36"/>
        <source>, and the true match for %1 % of the %2 whose exact top-%3 holds it (95 % CI %4 %)</source>
        <translation>, und den wahren Treffer bei %1 % der %2, deren exakte Top-%3 ihn enthalten (95-%-KI %4 %)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/approximationtext.cpp" line="50"/>
        <source>Exact search is estimated at %1 s, less than this approximate search&apos;s %2 s: evaluate with the exact backend.</source>
        <translation>Exakte Suche würde schätzungsweise %1 s dauern, weniger als die %2 s dieser approximativen Suche: mit dem exakten Backend auswerten.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/approximationtext.cpp" line="57"/>
        <source>The gallery&apos;s %1 items are few enough for exact search, which finds every true match an approximate index may miss.</source>
        <translation>Die %1 Einträge der Galerie sind wenige genug für exakte Suche, die jeden wahren Treffer findet, den ein approximativer Index verfehlen kann.</translation>
    </message>
</context>
<context>
    <name>orinet::BackgroundJob</name>
    <message>
        <location filename="../app/gui/jobs/backgroundjob.cpp" line="82"/>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
</context>
<context>
    <name>orinet::ComparedRunsList</name>
    <message>
        <location filename="../app/gui/training/comparedrunslist.cpp" line="26"/>
        <source>Checked runs are drawn with the run above, each history read from its log</source>
        <translation>Angehakte Läufe werden mit dem Lauf oben gezeichnet, jeder Verlauf aus seinem Protokoll gelesen</translation>
    </message>
    <message>
        <location filename="../app/gui/training/comparedrunslist.cpp" line="32"/>
        <source>Add run…</source>
        <translation>Lauf hinzufügen…</translation>
    </message>
    <message>
        <location filename="../app/gui/training/comparedrunslist.cpp" line="33"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/training/comparedrunslist.cpp" line="34"/>
        <source>Remove the selected run from this list</source>
        <translation>Den gewählten Lauf aus dieser Liste entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/training/comparedrunslist.cpp" line="42"/>
        <source>Compare with runs</source>
        <translation>Mit Läufen vergleichen</translation>
    </message>
    <message>
        <location filename="../app/gui/training/comparedrunslist.cpp" line="59"/>
        <source>Run to compare with</source>
        <translation>Lauf zum Vergleich</translation>
    </message>
    <message>
        <location filename="../app/gui/training/comparedrunslist.cpp" line="152"/>
        <source>%1 is not a run folder: it has no configuration and no checkpoints.</source>
        <translation>%1 ist kein Laufordner: Er hat weder eine Konfiguration noch Checkpoints.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/comparedrunslist.cpp" line="169"/>
        <source>Cannot read the run&apos;s history: %1</source>
        <translation>Der Verlauf des Laufs kann nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>orinet::ComparisonView</name>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="73"/>
        <source>right at K = </source>
        <translation>richtig bei K = </translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="79"/>
        <source>only A right</source>
        <translation>nur A richtig</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="80"/>
        <source>only B right</source>
        <translation>nur B richtig</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="81"/>
        <source>both wrong</source>
        <translation>beide falsch</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="82"/>
        <source>both right</source>
        <translation>beide richtig</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="83"/>
        <source>all queries</source>
        <translation>alle Anfragen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="92"/>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="121"/>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="753"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="94"/>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="121"/>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="753"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="114"/>
        <source>Geo error of the top-1:</source>
        <translation>Geo-Fehler der Top-1:</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="124"/>
        <source>anywhere</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="125"/>
        <source>within</source>
        <translation>innerhalb</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="126"/>
        <source>beyond</source>
        <translation>jenseits</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="141"/>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="143"/>
        <source>Save the listed queries (as sorted and filtered) with both ranks, geo errors and top-1 ids</source>
        <translation>Die aufgelisteten Anfragen (sortiert und gefiltert wie gezeigt) mit beiden Rängen, Geo-Fehlern und Top-1-IDs speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="310"/>
        <source>%1 · ground → satellite</source>
        <translation>%1 · Boden → Satellit</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="311"/>
        <source>%1 · satellite → ground</source>
        <translation>%1 · Satellit → Boden</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="423"/>
        <source>Evaluate (or add) a second run of the same split and direction to compare two runs query by query.</source>
        <translation>Werten Sie einen zweiten Lauf derselben Aufteilung und Richtung aus (oder fügen Sie ihn hinzu), um zwei Läufe Anfrage für Anfrage zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="425"/>
        <source>Choose two different runs.</source>
        <translation>Wählen Sie zwei verschiedene Läufe.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="436"/>
        <source>%1 and %2 cannot be compared query by query: %3.</source>
        <translation>%1 und %2 lassen sich nicht Anfrage für Anfrage vergleichen: %3.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="448"/>
        <source>At K = %1: %2 right only by %3, %4 right only by %5, %6 by neither, %7 by both.</source>
        <translation>Bei K = %1: %2 nur von %3 richtig, %4 nur von %5 richtig, %6 von keinem, %7 von beiden.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="459"/>
        <source>&lt;b&gt;A&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;A&lt;/b&gt; %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="461"/>
        <source>&lt;b&gt;B&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;B&lt;/b&gt; %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="511"/>
        <source>%1 of %2 queries</source>
        <translation>%1 von %2 Anfragen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="541"/>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="547"/>
        <source>Export compared queries</source>
        <translation>Verglichene Anfragen exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="542"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="619"/>
        <source>only the top-1: no descriptors in the run folder</source>
        <translation>nur der erste Treffer: keine Deskriptoren im Laufordner</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="664"/>
        <source>query %1 · rank %2 in A, %3 in B</source>
        <translation>Anfrage %1 · Rang %2 in A, %3 in B</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="678"/>
        <source>#%1 · %2%3</source>
        <translation>#%1 · %2%3</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="681"/>
        <source> · ✓ true</source>
        <translation> · ✓ richtig</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="102"/>
        <source>Why this match?</source>
        <translation>Warum dieser Treffer?</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="107"/>
        <source>in A</source>
        <translation>in A</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="108"/>
        <source>in B</source>
        <translation>in B</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="110"/>
        <source>Which run&apos;s match is explained</source>
        <translation>Wessen Treffer erklärt wird: Lauf A oder B</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="714"/>
        <source>Show which parts of the panorama and the tile made the similarity, for the true match and the best-scored wrong one of the chosen run (its checkpoint explains them; docs/explain.md)</source>
        <translation>Zeigt, welche Teile von Panorama und Kachel die Ähnlichkeit ausmachen, für den richtigen Treffer und den am höchsten bewerteten falschen des gewählten Laufs (sein Checkpoint erklärt sie; docs/explain.md)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="717"/>
        <source>Choose two runs first.</source>
        <translation>Zuerst zwei Läufe wählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="755"/>
        <source>%1: true tile %2</source>
        <translation>%1: richtige Kachel %2</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="756"/>
        <source>%1: true panorama %2</source>
        <translation>%1: richtiges Panorama %2</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="765"/>
        <source>%1: wrong tile %2 (#%3)</source>
        <translation>%1: falsche Kachel %2 (#%3)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/comparisonview.cpp" line="766"/>
        <source>%1: wrong panorama %2 (#%3)</source>
        <translation>%1: falsches Panorama %2 (#%3)</translation>
    </message>
</context>
<context>
    <name>orinet::CompassLabels</name>
    <message>
        <location filename="../widgets/compasslabels.cpp" line="17"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location filename="../widgets/compasslabels.cpp" line="18"/>
        <source>E</source>
        <translation>O</translation>
    </message>
    <message>
        <location filename="../widgets/compasslabels.cpp" line="19"/>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <location filename="../widgets/compasslabels.cpp" line="20"/>
        <source>W</source>
        <translation>W</translation>
    </message>
</context>
<context>
    <name>orinet::ComputeWarningButton</name>
    <message>
        <location filename="../app/gui/shell/computewarningbutton.cpp" line="30"/>
        <source>Computing is slower than it could be</source>
        <translation>Die Berechnung ist langsamer als möglich</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/computewarningbutton.cpp" line="41"/>
        <source>Slower than possible</source>
        <translation>Langsamer als möglich</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/computewarningbutton.cpp" line="47"/>
        <source>Click to open this warning in a window.</source>
        <translation>Klicken öffnet diese Warnung in einem Fenster.</translation>
    </message>
</context>
<context>
    <name>orinet::CrossViewLink</name>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="271"/>
        <source>panorama (%1, %2): yaw %3° (%4), pitch %5° %6</source>
        <translation>Panorama (%1, %2): Gierwinkel %3° (%4), Neigung %5° %6</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="277"/>
        <source>(below the horizon: flat ground %1 m away for a camera %2 m high)</source>
        <translation>(unter dem Horizont: ebener Boden in %1 m Entfernung bei %2 m Kamerahöhe)</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="281"/>
        <source>(above the horizon)</source>
        <translation>(über dem Horizont)</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="289"/>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="290"/>
        <source>%1 px</source>
        <translation>%1 px</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="291"/>
        <source>tile (%1, %2): azimuth %3° (%4), %5 from the centre</source>
        <translation>Kachel (%1, %2): Azimut %3° (%4), %5 von der Mitte</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="302"/>
        <source>, panorama column %1</source>
        <translation>, Panoramaspalte %1</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="309"/>
        <source> · pinned: click or Esc releases</source>
        <translation> · fixiert: Klick oder Esc löst</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="351"/>
        <source>network input</source>
        <translation>Netzeingabe</translation>
    </message>
</context>
<context>
    <name>orinet::DatasetWorkspace</name>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="73"/>
        <source>No dataset open. File ▸ Open Dataset… reads CVUSA, CVACT and CSV layouts.</source>
        <translation>Kein Datensatz geöffnet. Datei ▸ Datensatz öffnen… liest CVUSA-, CVACT- und CSV-Layouts.</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="75"/>
        <source>Thumbnails</source>
        <translation>Vorschaubilder</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="76"/>
        <source>Orientation overlay</source>
        <translation>Orientierung überlagern</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="82"/>
        <source>Search id…</source>
        <translation>ID suchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="86"/>
        <source>List</source>
        <translation>Liste</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="87"/>
        <source>Grid</source>
        <translation>Raster</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="98"/>
        <source>Show each pair&apos;s panorama and tile in the list</source>
        <translation>Panorama und Kachel jedes Paares in der Liste zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="135"/>
        <source>Check Images</source>
        <translation>Bilder prüfen</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="137"/>
        <source>Read every image&apos;s header (as orinet dataset --check): unreadable, truncated or wrongly shaped images are listed, before a training stops at them.</source>
        <translation>Den Kopf jedes Bildes lesen (wie orinet dataset --check): unlesbare, abgeschnittene oder falsch geformte Bilder werden aufgelistet, bevor ein Training an ihnen abbricht.</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="142"/>
        <source>Leave Out Bad Pairs</source>
        <translation>Fehlerhafte Paare weglassen</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="144"/>
        <source>Use the dataset without the pairs listed as having problems (as --skip-bad); no file is changed.</source>
        <translation>Den Datensatz ohne die als fehlerhaft aufgeführten Paare verwenden (wie --skip-bad); keine Datei wird verändert.</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="154"/>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="233"/>
        <source>Opening dataset</source>
        <translation>Datensatz wird geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="267"/>
        <source> · %1 %2</source>
        <translation> · %1 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="270"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 layout · %3 pairs%4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Layout %2 · %3 Paare%4</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="276"/>
        <source> · %n pair(s) with problems left out (the files are unchanged)</source>
        <translation>
            <numerusform> · %n fehlerhaftes Paar weggelassen (die Datei bleibt unverändert)</numerusform>
            <numerusform> · %n fehlerhafte Paare weggelassen (die Dateien bleiben unverändert)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="317"/>
        <source>Image check: %1</source>
        <translation>Bildprüfung: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="349"/>
        <source>Checking images</source>
        <translation>Bilder werden geprüft</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="358"/>
        <source>The image check failed: %1</source>
        <translation>Die Bildprüfung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="546"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · pair %2 · split: %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Paar %2 · Aufteilung: %3</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="549"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="551"/>
        <source> · &lt;i&gt;not in the list (hidden by the split filter or the search)&lt;/i&gt;</source>
        <translation> · &lt;i&gt;nicht in der Liste (durch Aufteilungsfilter oder Suche ausgeblendet)&lt;/i&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="553"/>
        <source>Panorama: %1</source>
        <translation>Panorama: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="555"/>
        <source>Tile: %1</source>
        <translation>Kachel: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="560"/>
        <source>unknown zone</source>
        <translation>unbekannte Zone</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="561"/>
        <source>UTM %1: E %2 m, N %3 m</source>
        <translation>UTM %1: E %2 m, N %3 m</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="566"/>
        <source>No position</source>
        <translation>Keine Position</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="569"/>
        <source>Latitude %1°, longitude %2°</source>
        <translation>Breite %1°, Länge %2°</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="289"/>
        <source>all pairs</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="252"/>
        <source>Could not open the dataset: %1</source>
        <translation>Der Datensatz konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="430"/>
        <source>%1 of %2 pairs</source>
        <translation>%1 von %2 Paaren</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="484"/>
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="487"/>
        <source>cannot read %1</source>
        <translation>%1 ist nicht lesbar</translation>
    </message>
</context>
<context>
    <name>orinet::EvaluationWorkspace</name>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="64"/>
        <source>Evaluate</source>
        <translation>Auswerten</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="66"/>
        <source>Train a run (or pick a run folder), then evaluate it on a split of the open dataset.</source>
        <translation>Einen Lauf trainieren (oder einen Laufordner wählen) und ihn dann auf einer Aufteilung des geöffneten Datensatzes auswerten.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="70"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="402"/>
        <source>ground → satellite</source>
        <translation>Boden → Satellit</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="403"/>
        <source>satellite → ground</source>
        <translation>Satellit → Boden</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="93"/>
        <source>last checkpoint</source>
        <translation>letzter Checkpoint</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="73"/>
        <source>Import…</source>
        <translation>Importieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="75"/>
        <source>Descriptors of another method (.npy, .mat or .pt files its code wrote) as a run of their own, evaluated and inspected like a trained one</source>
        <translation>Deskriptoren einer anderen Methode (.npy-, .mat- oder .pt-Dateien, die ihr Code geschrieben hat) als eigener Lauf, ausgewertet und untersucht wie ein trainierter</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="80"/>
        <source>Import Model…</source>
        <translation>Modell importieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="82"/>
        <source>Another method&apos;s TorchScript model with its model card as a run of its own: its descriptors are extracted from the open dataset like a trained run&apos;s</source>
        <translation>Das TorchScript-Modell einer anderen Methode mit seiner Modellbeschreibung als eigener Lauf: Seine Deskriptoren werden aus dem geöffneten Datensatz extrahiert wie die eines trainierten Laufs</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="93"/>
        <source>best checkpoint</source>
        <translation>bester Checkpoint</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="97"/>
        <source>Last: the end of training (the paper&apos;s protocol). Best: the epoch with the highest validation recall@1%.</source>
        <translation>Letzter: das Ende des Trainings (das Protokoll der Veröffentlichung). Bester: die Epoche mit dem höchsten Validierungs-Recall@1 %.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="108"/>
        <source>BatchNorm statistics of the descriptors. Original (the default) is the paper&apos;s protocol: each batch of the training batch size, in split order, is normalised with its own statistics. Recalibrated and running describe each image alone with statistics of training images; adapted describes each image alone with statistics of the evaluated split&apos;s images (docs/evaluation.md).</source>
        <translation>BatchNorm-Statistiken der Deskriptoren. Original (die Voreinstellung) ist das Protokoll der Veröffentlichung: Jeder Batch in der Trainings-Batchgröße wird in der Reihenfolge der Aufteilung mit seinen eigenen Statistiken normalisiert. Neu kalibriert und laufend beschreiben jedes Bild für sich mit Statistiken von Trainingsbildern; angepasst beschreibt jedes Bild für sich mit Statistiken der Bilder der ausgewerteten Aufteilung (docs/evaluation.md).</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="127"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="132"/>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="160"/>
        <source>Failures</source>
        <translation>Fehlzuordnungen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="161"/>
        <source>Compare Runs</source>
        <translation>Läufe vergleichen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="162"/>
        <source>VIGOR</source>
        <translation>VIGOR</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="176"/>
        <source>Run folder</source>
        <translation>Laufordner</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="261"/>
        <source>Open a dataset first: evaluation extracts descriptors from its images.</source>
        <translation>Zuerst einen Datensatz öffnen: Die Auswertung berechnet Deskriptoren aus seinen Bildern.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="269"/>
        <source>No run folder at &apos;%1&apos;.</source>
        <translation>Kein Laufordner unter „%1“.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="283"/>
        <source>Evaluating</source>
        <translation>Auswertung läuft</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="319"/>
        <source>Evaluation failed: %1</source>
        <translation>Auswertung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="362"/>
        <source>&lt;b&gt;%1 queries, %2 gallery&lt;/b&gt; · r@1 %3 · r@5 %4 · r@10 %5 · r@1% %6 (strict %7) · median rank %8</source>
        <translation>&lt;b&gt;%1 Anfragen, Galerie %2&lt;/b&gt; · r@1 %3 · r@5 %4 · r@10 %5 · r@1% %6 (streng %7) · Median-Rang %8</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="371"/>
        <source> · geo-r@1 within %1 m: %2</source>
        <translation> · Geo-r@1 innerhalb %1 m: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="383"/>
        <source>descriptors extracted now</source>
        <translation>Deskriptoren jetzt berechnet</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="383"/>
        <source>saved descriptors reused</source>
        <translation>gespeicherte Deskriptoren verwendet</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="385"/>
        <source>the run has no best checkpoint yet (no validated epoch), so its last one was evaluated</source>
        <translation>der Lauf hat noch keinen besten Checkpoint (keine validierte Epoche), daher wurde sein letzter ausgewertet</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="389"/>
        <source>BatchNorm statistics recalibrated on the train split for it</source>
        <translation>BatchNorm-Statistiken dafür auf der Trainingsaufteilung neu kalibriert</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="392"/>
        <source>Evaluated: %1 · %2 · %3 (%4)</source>
        <translation>Ausgewertet: %1 · %2 · %3 (%4)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="325"/>
        <source>Evaluation cancelled; the results shown before are unchanged.</source>
        <translation>Auswertung abgebrochen; die zuvor gezeigten Ergebnisse bleiben unverändert.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/evaluationworkspace.cpp" line="145"/>
        <source>The figures below are for the settings they name; press Evaluate for the ones chosen above.</source>
        <translation>Die Zahlen unten gelten für die dort genannten Einstellungen; „Auswerten“ berechnet sie für die oben gewählten.</translation>
    </message>
</context>
<context>
    <name>orinet::ExplanationPanel</name>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="50"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="78"/>
        <source>These results are descriptors imported from another method: there is no OriNet checkpoint to explain them with.</source>
        <translation>Diese Ergebnisse sind aus einer anderen Methode importierte Deskriptoren: Es gibt keinen OriNet-Checkpoint, der sie erklären könnte.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="95"/>
        <source>The TorchScript model these results came from is gone: %1</source>
        <translation>Das TorchScript-Modell, aus dem diese Ergebnisse stammen, ist nicht mehr da: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="98"/>
        <source>Results only: the run has no checkpoint to explain them with.</source>
        <translation>Nur Ergebnisse: Der Lauf hat keinen Checkpoint, der sie erklären könnte.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="99"/>
        <source>The checkpoint these results came from is gone: %1</source>
        <translation>Der Checkpoint, aus dem diese Ergebnisse stammen, ist nicht mehr da: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="175"/>
        <source>Explaining matches</source>
        <translation>Treffer werden erklärt</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="185"/>
        <source>loading the model</source>
        <translation>Modell wird geladen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="202"/>
        <source>explaining match %1 of %2</source>
        <translation>Treffer %1 von %2 wird erklärt</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="222"/>
        <source>Explaining: %1 % (%2)</source>
        <translation>Erklären: %1 % (%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="251"/>
        <source>Explaining failed: %1</source>
        <translation>Erklären fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="256"/>
        <source>Canceled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="268"/>
        <source>Explaining…</source>
        <translation>Wird erklärt…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="300"/>
        <source>%1 is another method&apos;s TorchScript model: its matches are explained by gradient × input, an approximation, not an exact split.</source>
        <translation>%1 ist das TorchScript-Modell einer anderen Methode: Seine Treffer werden durch Gradient × Eingabe erklärt, eine Näherung, keine exakte Aufteilung.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="308"/>
        <source>Each image described alone (%1): similarities may differ slightly from the evaluated scores.</source>
        <translation>Jedes Bild einzeln beschrieben (%1): Ähnlichkeiten können leicht von den ausgewerteten abweichen.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/explanationpanel.cpp" line="313"/>
        <source>The checkpoint has no recalibrated BatchNorm statistics: its running statistics are used.</source>
        <translation>Der Checkpoint hat keine neu kalibrierten BatchNorm-Statistiken: Seine laufenden Statistiken werden verwendet.</translation>
    </message>
</context>
<context>
    <name>orinet::FailureInspector</name>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="85"/>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="117"/>
        <source>Orientation overlay</source>
        <translation>Orientierung überlagern</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="118"/>
        <source>rank &gt; </source>
        <translation>Rang &gt; </translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="119"/>
        <source>any rank</source>
        <translation>jeder Rang</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="121"/>
        <source>Show only queries whose true match is not among the first K</source>
        <translation>Nur Anfragen zeigen, deren richtiger Treffer nicht unter den ersten K ist</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="125"/>
        <source>geo error &gt; </source>
        <translation>Geo-Fehler &gt; </translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="126"/>
        <source> m</source>
        <translation> m</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="127"/>
        <source>any geo error</source>
        <translation>jeder Geo-Fehler</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="129"/>
        <source>Show only queries whose top-1 lies farther than this from the true location</source>
        <translation>Nur Anfragen zeigen, deren erster Treffer weiter als dies vom wahren Ort entfernt liegt</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="131"/>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="695"/>
        <source>any tag</source>
        <translation>jedes Schlagwort</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="132"/>
        <source>Search id…</source>
        <translation>ID suchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="135"/>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="137"/>
        <source>Write the listed queries, in this order, to a CSV file</source>
        <translation>Die aufgelisteten Anfragen in dieser Reihenfolge in eine CSV-Datei schreiben</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="167"/>
        <source>Double-click to zoom</source>
        <translation>Doppelklick zum Vergrößern</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="172"/>
        <source>Double-click to zoom; Left/Right in the table moves between items</source>
        <translation>Doppelklick zum Vergrößern; Links/Rechts in der Tabelle wechselt zwischen den Treffern</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="188"/>
        <source>tags, comma-separated</source>
        <translation>Schlagwörter, durch Kommas getrennt</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="196"/>
        <source>note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="199"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="201"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="274"/>
        <source>Notes not saved: %1</source>
        <translation>Notizen nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="331"/>
        <source>Notes are not saved: %1</source>
        <translation>Notizen werden nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="562"/>
        <source>query panorama %1</source>
        <translation>Anfrage-Panorama %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="563"/>
        <source>query tile %1</source>
        <translation>Anfrage-Kachel %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="565"/>
        <source>true tile</source>
        <translation>richtige Kachel</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="565"/>
        <source>true panorama</source>
        <translation>richtiges Panorama</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="578"/>
        <source>#%1 · %2</source>
        <translation>#%1 · %2</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="582"/>
        <source>✓ true</source>
        <translation>✓ richtig</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="595"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · true match at rank %2 · true score %3 · top-1 %4 (score %5)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · richtiger Treffer auf Rang %2 · dessen Ähnlichkeit %3 · erster Treffer %4 (Ähnlichkeit %5)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="603"/>
        <source>, %1 from the true location</source>
        <translation>, %1 vom wahren Ort entfernt</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="686"/>
        <source>%1 of %2 queries</source>
        <translation>%1 von %2 Anfragen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="719"/>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="725"/>
        <source>Export queries</source>
        <translation>Anfragen exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="720"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="205"/>
        <source>Hover the query: its bearings are drawn on every tile (or the panorama columns that look at a hovered tile pixel).</source>
        <translation>Maus über die Anfrage: ihre Blickrichtungen erscheinen auf jeder Kachel (oder die Panoramaspalten, die auf ein Kachelpixel unter der Maus blicken).</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="193"/>
        <source>Tags and notes belong to the pair (its panorama and its tile): both directions show them.</source>
        <translation>Tags und Notizen gehören zum Paar (seinem Panorama und seiner Kachel): beide Richtungen zeigen sie.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="259"/>
        <source>Why this match?</source>
        <translation>Warum dieser Treffer?</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="744"/>
        <source>Show which parts of the panorama and the tile made the similarity, for the true match and the best-scored wrong one (the run&apos;s checkpoint explains them; docs/explain.md)</source>
        <translation>Zeigt, welche Teile von Panorama und Kachel die Ähnlichkeit ausmachen, für den richtigen Treffer und den am höchsten bewerteten falschen (der Checkpoint des Laufs erklärt sie; docs/explain.md)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="747"/>
        <source>Evaluate a run first.</source>
        <translation>Zuerst einen Lauf auswerten.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="776"/>
        <source>true tile %1</source>
        <translation>richtige Kachel %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="777"/>
        <source>true panorama %1</source>
        <translation>richtiges Panorama %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="786"/>
        <source>wrong tile %1 (#%2)</source>
        <translation>falsche Kachel %1 (#%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/failureinspector.cpp" line="787"/>
        <source>wrong panorama %1 (#%2)</source>
        <translation>falsches Panorama %1 (#%2)</translation>
    </message>
</context>
<context>
    <name>orinet::FigureExportDialog</name>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="25"/>
        <source>Logarithmic K axis</source>
        <translation>Logarithmische K-Achse</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="26"/>
        <source>Geo-recall panel</source>
        <translation>Geo-Recall-Diagramm</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="27"/>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="66"/>
        <source>Export Figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="28"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="32"/>
        <source>figure.pdf, figure.svg or figure.png</source>
        <translation>abbildung.pdf, abbildung.svg oder abbildung.png</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="36"/>
        <source> mm</source>
        <translation> mm</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="44"/>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="47"/>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="52"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="53"/>
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="54"/>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="55"/>
        <source>PNG resolution</source>
        <translation>PNG-Auflösung</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="56"/>
        <source>Font size</source>
        <translation>Schriftgröße</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="57"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../app/gui/common/figureexportdialog.cpp" line="66"/>
        <source>PDF (*.pdf);;SVG (*.svg);;PNG (*.png)</source>
        <translation>PDF (*.pdf);;SVG (*.svg);;PNG (*.png)</translation>
    </message>
</context>
<context>
    <name>orinet::FirstStartPage</name>
    <message>
        <location filename="../app/gui/shell/firststartpage.cpp" line="55"/>
        <source>Welcome to OriNet Studio</source>
        <translation>Willkommen bei OriNet Studio</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/firststartpage.cpp" line="56"/>
        <source>This first start generates a small synthetic town with street panoramas, satellite tiles and positions, so every workspace has something to show without a download. This happens only once; the bar below shows the time left.&lt;br&gt;&lt;br&gt;Folder: %1</source>
        <translation>Beim ersten Start entsteht eine kleine synthetische Stadt mit Straßenpanoramen, Satellitenkacheln und Positionen, damit jeder Arbeitsbereich ohne Download etwas zu zeigen hat. Das geschieht nur einmal; der Balken unten zeigt die verbleibende Zeit.&lt;br&gt;&lt;br&gt;Ordner: %1</translation>
    </message>
</context>
<context>
    <name>orinet::HeatMapView</name>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="63"/>
        <location filename="../app/gui/map/heatmapview.cpp" line="357"/>
        <source>Describe Places</source>
        <translation>Orte beschreiben</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="65"/>
        <source>Describes every place&apos;s tile and the selected panorama one at a time, so BatchNorm uses the statistics recalibrated on training batches (the running ones when the checkpoint has none), not the batch statistics of the paper&apos;s protocol that Evaluate uses by default: a heat map&apos;s similarities differ from an evaluation&apos;s</source>
        <translation>Beschreibt die Kachel jedes Orts und das gewählte Panorama einzeln, daher nutzt BatchNorm die auf Trainings-Batches neu kalibrierten Statistiken (die laufenden, wenn der Checkpoint keine hat), nicht die Batch-Statistiken des Protokolls der Veröffentlichung, die „Auswerten“ standardmäßig nutzt: Die Ähnlichkeiten einer Heatmap weichen von denen einer Auswertung ab</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="71"/>
        <source>run folder</source>
        <translation>Lauf-Ordner</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="73"/>
        <source>The run whose model describes the places (its checkpoint); the descriptors are cached in RUN/heatmap</source>
        <translation>Der Lauf, dessen Modell die Orte beschreibt (sein Checkpoint); die Deskriptoren werden in RUN/heatmap zwischengespeichert</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="77"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="79"/>
        <source>Choose a run folder</source>
        <translation>Lauf-Ordner wählen</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="83"/>
        <source> m</source>
        <translation> m</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="86"/>
        <source>Distance between the places that are scored</source>
        <translation>Abstand zwischen den bewerteten Orten</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="89"/>
        <source>Side of the tile cut at each place: the ground extent of the dataset&apos;s satellite tiles</source>
        <translation>Seitenlänge der an jedem Ort ausgeschnittenen Kachel: die Bodenausdehnung der Satellitenkacheln des Datensatzes</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="96"/>
        <source>Coarse to fine (approximate)</source>
        <translation>Grob bis fein (genähert)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="97"/>
        <source>Every place (dense)</source>
        <translation>Jeder Ort (dicht)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="100"/>
        <source>Coarse to fine describes every second place along each axis up front and, for each query, the places around its best coarse peaks and wherever a better place could still hide, up to a fifth of the places (kept for later queries): on a large raster far less than the dense map, and the status says whether its best place is certified. Every place describes the whole grid up front (the exact map), after which each query is instant</source>
        <translation>Grob bis fein beschreibt vorab jeden zweiten Ort entlang jeder Achse und für jede Anfrage die Orte um ihre besten groben Maxima und überall, wo sich noch ein besserer Ort verbergen könnte, bis zu einem Fünftel der Orte (für spätere Anfragen aufbewahrt): auf einem großen Raster weit weniger als die dichte Karte, und die Statuszeile sagt, ob ihr bester Ort zertifiziert ist. Jeder Ort beschreibt vorab das ganze Gitter (die exakte Karte), danach ist jede Anfrage sofort da</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="110"/>
        <source>Shows where the model thinks the selected panorama was taken.</source>
        <translation>Zeigt, wo das Modell die Aufnahme des gewählten Panoramas vermutet.</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="118"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="119"/>
        <source>Spacing</source>
        <translation>Abstand</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="120"/>
        <source>Footprint</source>
        <translation>Kachelgröße</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="121"/>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="124"/>
        <source>&lt;b&gt;Heat map&lt;/b&gt;</source>
        <translation>&lt;b&gt;Heatmap&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="135"/>
        <source>Run folder</source>
        <translation>Lauf-Ordner</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="252"/>
        <source>Open a dataset with a base raster first.</source>
        <translation>Zuerst einen Datensatz mit Grundkarte öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="257"/>
        <source>Choose the run folder of a trained model.</source>
        <translation>Den Lauf-Ordner eines trainierten Modells wählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="299"/>
        <source>Describing places for the heat map</source>
        <translation>Orte für die Heatmap beschreiben</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="306"/>
        <source>Describing places: %1 % (%2)</source>
        <translation>Orte werden beschrieben: %1 % (%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="327"/>
        <source>Every place described (dense): %1 places (%2 x %3)</source>
        <translation>Jeder Ort beschrieben (dicht): %1 Orte (%2 x %3)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="331"/>
        <source>Coarse to fine: %1 of %2 places (%3 x %4) described up front (one in %5 along each axis); each query refines around its best peaks</source>
        <translation>Grob bis fein: %1 von %2 Orten (%3 x %4) vorab beschrieben (einer von %5 je Achse); jede Anfrage verfeinert um ihre besten Gipfel</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="338"/>
        <source>, cache %1 MB, %2 (each image alone)</source>
        <translation>, Cache %1 MB, %2 (jedes Bild einzeln)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="340"/>
        <source>TorchScript model %1</source>
        <translation>TorchScript-Modell %1</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="452"/>
        <source> (dense: every place described)</source>
        <translation> (dicht: jeder Ort beschrieben)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="453"/>
        <source> (coarse to fine: %1 of %2 places described</source>
        <translation> (grob bis fein: %1 von %2 Orten beschrieben</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="454"/>
        <source>; best place certified: by the bound no unscored place beats it)</source>
        <translation>; bester Ort zertifiziert: nach der Schranke übertrifft ihn kein unbewerteter Ort)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="456"/>
        <source>; best place not certified: the dense map&apos;s may differ)</source>
        <translation>; bester Ort nicht zertifiziert: der der dichten Karte kann ein anderer sein)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="343"/>
        <source>, described at %1 places/s</source>
        <translation>, beschrieben mit %1 Orten/s</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="351"/>
        <source>Describing places failed: %1</source>
        <translation>Beschreiben der Orte fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="354"/>
        <source>Canceled. Describe Places continues where it stopped.</source>
        <translation>Abgebrochen. „Orte beschreiben“ macht dort weiter, wo es aufgehört hat.</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="358"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="407"/>
        <source>Heat map failed: %1</source>
        <translation>Heatmap fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="424"/>
        <source>Similarity of %1 to each place</source>
        <translation>Ähnlichkeit von %1 zu jedem Ort</translation>
    </message>
    <message>
        <location filename="../app/gui/map/heatmapview.cpp" line="447"/>
        <source>Heat map of %1: best place scores %2, %3 peaks marked</source>
        <translation>Heatmap von %1: bester Ort %2, %3 Maxima markiert</translation>
    </message>
</context>
<context>
    <name>orinet::ImageView</name>
    <message>
        <location filename="../widgets/imageview.cpp" line="101"/>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
</context>
<context>
    <name>orinet::ImportDescriptorsDialog</name>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="53"/>
        <source>Import Descriptors of Another Method</source>
        <translation>Deskriptoren einer anderen Methode importieren</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="39"/>
        <source>Import and Evaluate</source>
        <translation>Importieren und auswerten</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="57"/>
        <source>e.g. Sample4Geo</source>
        <translation>z. B. Sample4Geo</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="58"/>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="59"/>
        <source>.npy, .mat or .pt (N × D)</source>
        <translation>.npy, .mat oder .pt (N × D)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="61"/>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="63"/>
        <source>optional: one pair id per line, row by row</source>
        <translation>optional: eine Paar-ID je Zeile, Zeile für Zeile</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="64"/>
        <source>a new folder, or this method&apos;s imported run</source>
        <translation>ein neuer Ordner oder der importierte Lauf dieser Methode</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="73"/>
        <source>ground → satellite</source>
        <translation>Boden → Satellit</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="74"/>
        <source>satellite → ground</source>
        <translation>Satellit → Boden</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="75"/>
        <source>both directions</source>
        <translation>beide Richtungen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="79"/>
        <source>Preview reads both files and checks them against the split: rows, dimension, ids, finite values, unit length. Nothing is written until Import.</source>
        <translation>Die Vorschau liest beide Dateien und prüft sie gegen die Aufteilung: Zeilen, Dimension, IDs, endliche Werte, Einheitslänge. Erst Importieren schreibt etwas.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="84"/>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="85"/>
        <source>Ground descriptors</source>
        <translation>Boden-Deskriptoren</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="86"/>
        <source>Satellite descriptors</source>
        <translation>Satelliten-Deskriptoren</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="87"/>
        <source>Ground ids</source>
        <translation>Boden-IDs</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="88"/>
        <source>Satellite ids</source>
        <translation>Satelliten-IDs</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="93"/>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="52"/>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="94"/>
        <source>Run folder</source>
        <translation>Laufordner</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="41"/>
        <source>Descriptors</source>
        <translation>Deskriptoren</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="43"/>
        <source>Descriptors (*.npy *.mat *.pt *.pth);;Ids (*.txt *.csv);;All files (*)</source>
        <translation>Deskriptoren (*.npy *.mat *.pt *.pth);;IDs (*.txt *.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="141"/>
        <source>Open the dataset the descriptors describe first: its split gives the rows their pairs.</source>
        <translation>Zuerst den Datensatz öffnen, den die Deskriptoren beschreiben: seine Aufteilung ordnet den Zeilen ihre Paare zu.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="150"/>
        <source>Name the method: results and figures call the run by it.</source>
        <translation>Die Methode benennen: Ergebnisse und Abbildungen nennen den Lauf so.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="152"/>
        <source>Choose the ground and the satellite descriptor files.</source>
        <translation>Die Boden- und die Satelliten-Deskriptordatei wählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="157"/>
        <source>Reading descriptors</source>
        <translation>Deskriptoren werden gelesen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="181"/>
        <source>%1: &lt;b&gt;%2&lt;/b&gt; — %3 rows × %4 (%5)</source>
        <translation>%1: &lt;b&gt;%2&lt;/b&gt; — %3 Zeilen × %4 (%5)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="186"/>
        <source>%1: &lt;b&gt;%2&lt;/b&gt; — %3 ids</source>
        <translation>%1: &lt;b&gt;%2&lt;/b&gt; — %3 IDs</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="192"/>
        <source>Matched all %1 pairs of split &apos;%2&apos;; ground rows %3, satellite rows %4.</source>
        <translation>Alle %1 Paare der Aufteilung „%2“ zugeordnet; Bodenzeilen %3, Satellitenzeilen %4.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="195"/>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="196"/>
        <source>reordered by their ids</source>
        <translation>nach ihren IDs umgeordnet</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="195"/>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="197"/>
        <source>in the split&apos;s order</source>
        <translation>in der Reihenfolge der Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="209"/>
        <source>Choose the run folder to write.</source>
        <translation>Den zu schreibenden Laufordner wählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importdescriptorsdialog.cpp" line="220"/>
        <source>Importing descriptors</source>
        <translation>Deskriptoren werden importiert</translation>
    </message>
</context>
<context>
    <name>orinet::ImportModelDialog</name>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="55"/>
        <source>Import a Model of Another Method</source>
        <translation>Modell einer anderen Methode importieren</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="44"/>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="58"/>
        <source>Evaluate the run on the open dataset afterwards</source>
        <translation>Den Lauf danach auf dem geöffneten Datensatz auswerten</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="62"/>
        <source>Open a dataset to evaluate the run on.</source>
        <translation>Einen Datensatz öffnen, um den Lauf darauf auszuwerten.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="63"/>
        <source>TorchScript file (torch.jit.save)</source>
        <translation>TorchScript-Datei (torch.jit.save)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="64"/>
        <source>model card (JSON, docs/torchscript.md)</source>
        <translation>Modellbeschreibung (JSON, docs/torchscript.md)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="65"/>
        <source>a new folder, or this method&apos;s imported run</source>
        <translation>ein neuer Ordner oder der importierte Lauf dieser Methode</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="68"/>
        <source>Preview loads the model as its card says and runs a probe batch of two pairs through it: methods, input sizes, descriptor dimension. Nothing is written until Import.</source>
        <translation>Die Vorschau lädt das Modell, wie seine Modellbeschreibung es sagt, und schickt einen Probestapel aus zwei Paaren hindurch: Methoden, Eingabegrößen, Deskriptordimension. Bis zum Importieren wird nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="47"/>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="74"/>
        <source>TorchScript model</source>
        <translation>TorchScript-Modell</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="50"/>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="75"/>
        <source>Model card</source>
        <translation>Modellbeschreibung</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="54"/>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="76"/>
        <source>Run folder</source>
        <translation>Laufordner</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="51"/>
        <source>Model cards (*.json);;All files (*)</source>
        <translation>Modellbeschreibungen (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="48"/>
        <source>TorchScript models (*.pt *.pth *.ts *.zip);;All files (*)</source>
        <translation>TorchScript-Modelle (*.pt *.pth *.ts *.zip);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="115"/>
        <source>Choose the TorchScript file and its model card.</source>
        <translation>Die TorchScript-Datei und ihre Modellbeschreibung wählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="120"/>
        <source>Checking the model</source>
        <translation>Modell wird geprüft</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="140"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — the card %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — Modellbeschreibung %2</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="146"/>
        <source>TorchScript %1, file-format version %2 (this LibTorch %3 reads up to %4)</source>
        <translation>TorchScript %1, Dateiformat-Version %2 (dieses LibTorch %3 liest bis %4)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="152"/>
        <source>TorchScript %1</source>
        <translation>TorchScript %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="156"/>
        <source>Its methods: %1</source>
        <translation>Seine Methoden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="159"/>
        <source>Called as forward(ground, satellite)</source>
        <translation>Aufgerufen als forward(ground, satellite)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="160"/>
        <source>Called as %1(ground) and %2(satellite)</source>
        <translation>Aufgerufen als %1(ground) und %2(satellite)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="164"/>
        <source>Input: ground %1 × %2, satellite %3 × %4; colour order %5%6</source>
        <translation>Eingabe: Boden %1 × %2, Satellit %3 × %4; Farbreihenfolge %5%6</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="169"/>
        <source>R, G, B</source>
        <translation>R, G, B</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="169"/>
        <source>B, G, R</source>
        <translation>B, G, R</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="170"/>
        <source>, then the two orientation channels</source>
        <translation>, dann die beiden Orientierungskanäle</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="173"/>
        <source>Descriptor dimension: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Deskriptordimension: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="176"/>
        <source>A probe batch of two pairs ran through it and gave finite descriptors of that dimension.</source>
        <translation>Ein Probestapel aus zwei Paaren lief hindurch und ergab endliche Deskriptoren dieser Dimension.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="187"/>
        <source>Choose the run folder to write.</source>
        <translation>Den zu schreibenden Laufordner wählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/importmodeldialog.cpp" line="190"/>
        <source>Importing the model</source>
        <translation>Modell wird importiert</translation>
    </message>
</context>
<context>
    <name>orinet::JobDialog</name>
    <message>
        <location filename="../app/gui/common/jobdialog.cpp" line="45"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/common/jobdialog.cpp" line="77"/>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <location filename="../app/gui/common/jobdialog.cpp" line="120"/>
        <source>Cancelled; nothing was written.</source>
        <translation>Abgebrochen; nichts wurde geschrieben.</translation>
    </message>
</context>
<context>
    <name>orinet::JobStatusWidget</name>
    <message>
        <location filename="../app/gui/jobs/jobstatuswidget.cpp" line="39"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs/jobstatuswidget.cpp" line="40"/>
        <source>Stop the running job at its next step</source>
        <translation>Den laufenden Auftrag beim nächsten Schritt anhalten</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs/jobstatuswidget.cpp" line="61"/>
        <source>about %n s left</source>
        <translation>
            <numerusform>noch etwa %n s</numerusform>
            <numerusform>noch etwa %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs/jobstatuswidget.cpp" line="64"/>
        <source>about %n min left</source>
        <translation>
            <numerusform>noch etwa %n min</numerusform>
            <numerusform>noch etwa %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs/jobstatuswidget.cpp" line="65"/>
        <source>about %n h left</source>
        <translation>
            <numerusform>noch etwa %n Std.</numerusform>
            <numerusform>noch etwa %n Std.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/jobs/jobstatuswidget.cpp" line="33"/>
        <source>%1: stopping…</source>
        <translation>%1: wird angehalten…</translation>
    </message>
</context>
<context>
    <name>orinet::MainWindow</name>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="328"/>
        <source>OriNet Studio</source>
        <translation>OriNet Studio</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="329"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="330"/>
        <location filename="../app/gui/shell/mainwindow.cpp" line="343"/>
        <location filename="../app/gui/shell/mainwindow.cpp" line="538"/>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="331"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="332"/>
        <source>Evaluation</source>
        <translation>Auswertung</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="165"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="168"/>
        <source>Could not open the dataset: %1</source>
        <translation>Der Datensatz konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="335"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="336"/>
        <source>&amp;Open Dataset…</source>
        <translation>Datensatz ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="337"/>
        <source>Open &amp;Demo World</source>
        <translation>&amp;Demo-Welt öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="338"/>
        <source>&amp;Make Dataset from Orthophoto…</source>
        <translation>Datensatz aus &amp;Orthofoto erstellen…</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="339"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="340"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="341"/>
        <source>&amp;Full Screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="342"/>
        <source>&amp;Map Beside the Images</source>
        <translation>&amp;Karte neben den Bildern</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="344"/>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="345"/>
        <source>&amp;System Default</source>
        <translation>&amp;Systemvorgabe</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="346"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="347"/>
        <source>&amp;About OriNet Studio</source>
        <translation>&amp;Über OriNet Studio</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="348"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/shell/mainwindow.cpp" line="244"/>
        <source>CPU · %n thread(s) · BLAS: %1</source>
        <translation>
            <numerusform>CPU · %n Thread · BLAS: %1</numerusform>
            <numerusform>CPU · %n Threads · BLAS: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="247"/>
        <source>GEMM kernel: measuring…</source>
        <translation>GEMM-Kernel: wird gemessen…</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="252"/>
        <source>GEMM kernel: %1 (%2)</source>
        <translation>GEMM-Kernel: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="423"/>
        <source>Generating the demo world</source>
        <translation>Demo-Welt wird erzeugt</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="430"/>
        <source>Demo world</source>
        <translation>Demo-Welt</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="431"/>
        <source>The demo world could not be generated:
%1</source>
        <translation>Die Demo-Welt konnte nicht erzeugt werden:
%1</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="333"/>
        <source>Orientation</source>
        <translation>Orientierung</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="367"/>
        <source>Open Dataset (CVUSA, CVACT, pairs.csv or VIGOR folder)</source>
        <translation>Datensatz öffnen (CVUSA-, CVACT-, pairs.csv- oder VIGOR-Ordner)</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="400"/>
        <source>VIGOR root %1: evaluate in Evaluation ▸ VIGOR, train in Training</source>
        <translation>VIGOR-Ordner %1: auswerten unter Auswertung ▸ VIGOR, trainieren unter Training</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="600"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="601"/>
        <source>A training is running. Stop it and quit?</source>
        <translation>Ein Training läuft. Anhalten und beenden?</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="602"/>
        <source>It stops after the current step and writes a checkpoint, so Resume continues from there; the current epoch is not validated.</source>
        <translation>Es hält nach dem laufenden Schritt an und schreibt einen Checkpoint, sodass „Fortsetzen“ dort weitermacht; die laufende Epoche wird nicht validiert.</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="605"/>
        <source>Stop and Quit</source>
        <translation>Anhalten und beenden</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="607"/>
        <source>Keep Training</source>
        <translation>Weiter trainieren</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/mainwindow.cpp" line="617"/>
        <source>Stopping the training after its current step; the window closes once the checkpoint is written.</source>
        <translation>Das Training hält nach dem laufenden Schritt an; das Fenster schließt sich, sobald der Checkpoint geschrieben ist.</translation>
    </message>
</context>
<context>
    <name>orinet::MakeDatasetDialog</name>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="63"/>
        <source>Make Dataset</source>
        <translation>Datensatz erstellen</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="64"/>
        <source>Make a Dataset of Your Own Area</source>
        <translation>Einen Datensatz des eigenen Gebiets erstellen</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="66"/>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="143"/>
        <source>Orthophoto</source>
        <translation>Orthofoto</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="68"/>
        <source>Rasters (*.tif *.tiff *.vrt *.jp2 *.img);;All files (*)</source>
        <translation>Raster (*.tif *.tiff *.vrt *.jp2 *.img);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="72"/>
        <source>Panorama positions</source>
        <translation>Panorama-Positionen</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="73"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="75"/>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="149"/>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="77"/>
        <source>north-up GeoTIFF in metres (e.g. UTM)</source>
        <translation>genordetes GeoTIFF in Metern (z. B. UTM)</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="79"/>
        <source>CSV: file,lat,lon[,heading][,id][,split]</source>
        <translation>CSV: file,lat,lon[,heading][,id][,split]</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="80"/>
        <source>a new folder, or one made here before</source>
        <translation>ein neuer Ordner oder einer, der hier erstellt wurde</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="85"/>
        <source>A tile centred on each panorama (pairs.csv)</source>
        <translation>Eine Kachel zentriert auf jedem Panorama (pairs.csv)</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="86"/>
        <source>VIGOR&apos;s grid of overlapping tiles</source>
        <translation>VIGOR-Raster überlappender Kacheln</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="89"/>
        <source>Centred: one tile per panorama, as CVUSA and CVACT. VIGOR&apos;s grid: tiles overlapping by half a tile over the area, each panorama with a positive and three semi-positive tiles (docs/vigor.md)</source>
        <translation>Zentriert: eine Kachel je Panorama, wie bei CVUSA und CVACT. VIGOR-Raster: Kacheln, die sich um eine halbe Kachel überlappen, über das Gebiet; jedes Panorama mit einer positiven und drei semi-positiven Kacheln (docs/vigor.md)</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="96"/>
        <source>The area&apos;s name, naming its folders (letters, digits, - and _)</source>
        <translation>Name des Gebiets, benennt seine Ordner (Buchstaben, Ziffern, - und _)</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="101"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="106"/>
        <source> m</source>
        <translation> m</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="110"/>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="117"/>
        <source>Of the panoramas without a split in the CSV: the share drawn into val, and into test (VIGOR&apos;s grid has train and test only: val goes to test)</source>
        <translation>Von den Panoramen ohne Aufteilung in der CSV: der Anteil, der in val bzw. in test gelost wird (das VIGOR-Raster kennt nur train und test: val geht zu test)</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="123"/>
        <source>Preview reads the positions and places every panorama and tile on the orthophoto, as Make will cut them. Nothing is written until Make.</source>
        <translation>Die Vorschau liest die Positionen und legt jedes Panorama und jede Kachel so auf das Orthofoto, wie Erstellen sie schneiden wird. Bis Erstellen wird nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="133"/>
        <source>over</source>
        <translation>über</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="137"/>
        <source>val</source>
        <translation>val</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="139"/>
        <source>test</source>
        <translation>test</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="144"/>
        <source>Positions</source>
        <translation>Positionen</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="145"/>
        <source>Layout</source>
        <translation>Layout</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="146"/>
        <source>Area name</source>
        <translation>Gebietsname</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="147"/>
        <source>Tiles</source>
        <translation>Kacheln</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="148"/>
        <source>Drawn splits</source>
        <translation>Geloste Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="212"/>
        <source>Choose the orthophoto and the positions file.</source>
        <translation>Orthofoto und Positionsdatei wählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="214"/>
        <source>Choose the dataset folder to write.</source>
        <translation>Den zu schreibenden Datensatzordner wählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="216"/>
        <source>The val and test shares add up to more than 100 %.</source>
        <translation>Die Anteile von val und test ergeben zusammen mehr als 100 %.</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="220"/>
        <source>Placing the panoramas</source>
        <translation>Panoramen werden platziert</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="292"/>
        <source>&lt;b&gt;%1 panoramas&lt;/b&gt; placed on the orthophoto (%2): train %3, val %4, test %5</source>
        <translation>&lt;b&gt;%1 Panoramen&lt;/b&gt; auf dem Orthofoto platziert (%2): train %3, val %4, test %5</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="298"/>
        <source>A grid of %1 tiles of %2 px over %3 m, stepping by half a tile; each panorama with its positive and three semi-positives</source>
        <translation>Ein Raster aus %1 Kacheln zu %2 px über %3 m im Abstand einer halben Kachel; jedes Panorama mit seiner positiven und drei semi-positiven Kacheln</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="300"/>
        <source>%1 tiles of %2 px over %3 m, one centred on each panorama</source>
        <translation>%1 Kacheln zu %2 px über %3 m, je eine zentriert auf jedem Panorama</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="304"/>
        <source>Every panorama of the file can be used.</source>
        <translation>Jedes Panorama der Datei ist verwendbar.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="306"/>
        <source>&lt;b&gt;%n panorama(s) cannot be used&lt;/b&gt; (red crosses where their position is known):</source>
        <translation>
            <numerusform>&lt;b&gt;%n Panorama ist nicht verwendbar&lt;/b&gt; (rote Kreuze, wo seine Position bekannt ist):</numerusform>
            <numerusform>&lt;b&gt;%n Panoramen sind nicht verwendbar&lt;/b&gt; (rote Kreuze, wo ihre Position bekannt ist):</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="328"/>
        <source>%1 × %2 (%3)</source>
        <translation>%1 × %2 (%3)</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="332"/>
        <source>Make lists every one in make-dataset.json.</source>
        <translation>Erstellen listet jedes in make-dataset.json auf.</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="342"/>
        <source>Making the dataset</source>
        <translation>Datensatz wird erstellt</translation>
    </message>
</context>
<context>
    <name>orinet::MapCanvas</name>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="204"/>
        <source>%1 km</source>
        <translation>%1 km</translation>
    </message>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="205"/>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="206"/>
        <source>%1 cm</source>
        <translation>%1 cm</translation>
    </message>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="249"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="281"/>
        <location filename="../widgets/mapcanvas.cpp" line="287"/>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="261"/>
        <source>unknown image format &apos;%1&apos; (use .png, .jpg, .tif or .pdf)</source>
        <translation>unbekanntes Bildformat „%1“ (.png, .jpg, .tif oder .pdf verwenden)</translation>
    </message>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="272"/>
        <location filename="../widgets/mapcanvas.cpp" line="296"/>
        <location filename="../widgets/mapcanvas.cpp" line="298"/>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>orinet::MapWorkspace</name>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="85"/>
        <source>No map. A dataset with positions shows its pairs here; a synthetic world also shows its GeoTIFF.</source>
        <translation>Keine Karte. Ein Datensatz mit Positionen zeigt hier seine Paare; eine synthetische Welt zeigt auch ihr GeoTIFF.</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="88"/>
        <location filename="../app/gui/map/mapworkspace.cpp" line="332"/>
        <source>Click a pair on the map to identify it.</source>
        <translation>Ein Paar auf der Karte anklicken, um es zu bestimmen.</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="89"/>
        <source>Show in Dataset Browser</source>
        <translation>Im Datensatz-Browser zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="75"/>
        <location filename="../app/gui/map/mapworkspace.cpp" line="91"/>
        <source>Heat map</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="77"/>
        <location filename="../app/gui/map/mapworkspace.cpp" line="92"/>
        <source>Pairs</source>
        <translation>Paare</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="78"/>
        <location filename="../app/gui/map/mapworkspace.cpp" line="93"/>
        <source>Geo-recall circles</source>
        <translation>Geo-Recall-Kreise</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="79"/>
        <location filename="../app/gui/map/mapworkspace.cpp" line="94"/>
        <source>Query and top-K</source>
        <translation>Anfrage und Top-K</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="80"/>
        <location filename="../app/gui/map/mapworkspace.cpp" line="95"/>
        <source>Viewing ray</source>
        <translation>Blickrichtung</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="81"/>
        <location filename="../app/gui/map/mapworkspace.cpp" line="96"/>
        <source>Selected pair</source>
        <translation>Ausgewähltes Paar</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="122"/>
        <source>Open Raster…</source>
        <translation>Raster öffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="123"/>
        <source>Show any georeferenced raster (GeoTIFF, …) as the base map</source>
        <translation>Ein beliebiges georeferenziertes Raster (GeoTIFF, …) als Grundkarte zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="125"/>
        <source>Zoom to All</source>
        <translation>Alles zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="125"/>
        <source>Show every layer (Home)</source>
        <translation>Alle Ebenen zeigen (Pos1)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="127"/>
        <source>Fit to Results</source>
        <translation>Auf Ergebnisse einpassen</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="128"/>
        <source>Show the highlighted query and its retrieved pairs</source>
        <translation>Die hervorgehobene Anfrage und ihre Treffer zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="129"/>
        <source>Export View…</source>
        <translation>Ansicht exportieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="130"/>
        <source>Save the view as PNG or PDF</source>
        <translation>Die Ansicht als PNG oder PDF speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="131"/>
        <location filename="../app/gui/map/mapworkspace.cpp" line="152"/>
        <source>Layers</source>
        <translation>Ebenen</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="133"/>
        <source>Show the layers, the identified pair and the heat map</source>
        <translation>Ebenen, identifiziertes Paar und Heatmap zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="160"/>
        <source>&lt;b&gt;Identify&lt;/b&gt;</source>
        <translation>&lt;b&gt;Bestimmen&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="281"/>
        <source>Cannot show the base map: %1</source>
        <translation>Die Grundkarte kann nicht gezeigt werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="292"/>
        <source>Reading the base map failed: %1</source>
        <translation>Lesen der Grundkarte fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/map/mapworkspace.cpp" line="300"/>
        <source>%n overview level(s)</source>
        <translation>
            <numerusform>%n Übersichtsstufe</numerusform>
            <numerusform>%n Übersichtsstufen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="301"/>
        <source>no overviews: zoomed-out views read the full raster (build them with gdaladdo)</source>
        <translation>keine Übersichten: Verkleinerte Ansichten lesen das ganze Raster (mit gdaladdo erzeugen)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="303"/>
        <source>Base map %1: %2 x %3 px, %4, %5, %6</source>
        <translation>Grundkarte %1: %2 x %3 px, %4, %5, %6</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="365"/>
        <source>no split</source>
        <translation>keine Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="407"/>
        <source>Cannot place the pairs on this map: %1</source>
        <translation>Die Paare lassen sich auf dieser Karte nicht platzieren: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="415"/>
        <source>%1 of %2 pairs have positions. Click a pair to identify it.</source>
        <translation>%1 von %2 Paaren haben Positionen. Ein Paar anklicken, um es zu bestimmen.</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="443"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="444"/>
        <source>Top-1 of %1 (run %2 in Compare Runs)</source>
        <translation>Top-1 von %1 (Lauf %2 in Läufe vergleichen)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="459"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="500"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="605"/>
        <source>query · %1 top-1 right</source>
        <translation>Anfrage · Top-1 von %1 richtig</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="616"/>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="625"/>
        <source>query</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="706"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;split: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Aufteilung: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="709"/>
        <source>&lt;br&gt;UTM %1%2: E %3, N %4</source>
        <translation>&lt;br&gt;UTM %1%2: E %3, N %4</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="718"/>
        <source>&lt;br&gt;%1°, %2°</source>
        <translation>&lt;br&gt;%1°, %2°</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="722"/>
        <source>&lt;br&gt;no position</source>
        <translation>&lt;br&gt;keine Position</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="724"/>
        <source>&lt;br&gt;panorama: %1&lt;br&gt;tile: %2</source>
        <translation>&lt;br&gt;Panorama: %1&lt;br&gt;Kachel: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="777"/>
        <source>lon %1, lat %2</source>
        <translation>Länge %1, Breite %2</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="779"/>
        <source>E %1  N %2</source>
        <translation>E %1  N %2</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="784"/>
        <source>  ·  %1° %2, %3° %4</source>
        <translation>  ·  %1° %2, %3° %4</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="786"/>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="786"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="788"/>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="788"/>
        <source>E</source>
        <translation>O</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="803"/>
        <source>Export Map View</source>
        <translation>Kartenansicht exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="804"/>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="808"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="808"/>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="814"/>
        <source>Open Base Map</source>
        <translation>Grundkarte öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="815"/>
        <source>Rasters (*.tif *.tiff *.vrt *.jp2 *.img *.png *.jpg);;All files (*)</source>
        <translation>Raster (*.tif *.tiff *.vrt *.jp2 *.img *.png *.jpg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="410"/>
        <source>This dataset has no positions (CVUSA&apos;s split files carry none); CVACT and CSV datasets do.</source>
        <translation>Dieser Datensatz hat keine Positionen (die Aufteilungsdateien von CVUSA enthalten keine); CVACT- und CSV-Datensätze schon.</translation>
    </message>
    <message>
        <location filename="../app/gui/map/mapworkspace.cpp" line="76"/>
        <source>Heat-map peaks</source>
        <translation>Heatmap-Maxima</translation>
    </message>
</context>
<context>
    <name>orinet::MatchExplanationView</name>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="36"/>
        <source>row %1, column %2</source>
        <translation>Zeile %1, Spalte %2</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="173"/>
        <source>Gradient × input: an approximation, not an exact split. This model of another method exposes no pooled cells, so its values do not add up to the similarity and there are no cell pairs to hover.</source>
        <translation>Gradient × Eingabe: eine Näherung, keine exakte Aufteilung. Dieses Modell einer anderen Methode legt keine gepoolten Zellen offen; seine Werte ergeben daher nicht die Ähnlichkeit, und es gibt keine Zellpaare zum Überfahren mit der Maus.</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="177"/>
        <source>Hover a cell: the cells of the other image it matched most are outlined, with their share of the similarity.</source>
        <translation>Maus über eine Zelle: Die Zellen des anderen Bildes, mit denen sie am meisten übereinstimmt, werden umrandet, mit ihrem Anteil an der Ähnlichkeit.</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="186"/>
        <source>%1 (%2, %3 %)</source>
        <translation>%1 (%2, %3 %)</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="190"/>
        <source>Panorama cell %1</source>
        <translation>Panoramazelle %1</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="191"/>
        <source>Tile cell %1</source>
        <translation>Kachelzelle %1</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="192"/>
        <source>Its largest pairs, with tile cells: %1.</source>
        <translation>Ihre größten Paare, mit Kachelzellen: %1.</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="193"/>
        <source>Its largest pairs, with panorama cells: %1.</source>
        <translation>Ihre größten Paare, mit Panoramazellen: %1.</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="194"/>
        <source>%1: share %2 (%3 % of %4).</source>
        <translation>%1: Anteil %2 (%3 % von %4).</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="390"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · similarity &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Ähnlichkeit &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="395"/>
        <source>gradient × input (an approximation)</source>
        <translation>Gradient × Eingabe (eine Näherung)</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="397"/>
        <source>Where the similarity&apos;s gradient times the input is largest, per pixel of the images as the network sees them; negative values are not drawn.</source>
        <translation>Wo der Gradient der Ähnlichkeit mal der Eingabe am größten ist, je Pixel der Bilder, wie das Netz sie sieht; negative Werte werden nicht gezeichnet.</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="402"/>
        <source>largest cell: panorama %1 %, tile %2 %</source>
        <translation>größte Zelle: Panorama %1 %, Kachel %2 %</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="407"/>
        <source>The panorama&apos;s largest share is cell %1 (%2 cells), the tile&apos;s cell %3 (%4 cells).</source>
        <translation>Den größten Anteil hat im Panorama die Zelle %1 (von %2 Zellen), in der Kachel die Zelle %3 (von %4 Zellen).</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="434"/>
        <source>Gradient × input per pixel, positive part (one scale for all images):</source>
        <translation>Gradient × Eingabe je Pixel, positiver Teil (eine Skala für alle Bilder):</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="435"/>
        <source>Share of the similarity per cell (one scale for all images):</source>
        <translation>Anteil an der Ähnlichkeit je Zelle (eine Skala für alle Bilder):</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="465"/>
        <source>Gradient × input of the similarity per pixel, positive part, smoothed a little: an approximation, not an exact split; its values do not add up to the similarity. Greyed rows are not seen by the network.</source>
        <translation>Gradient × Eingabe der Ähnlichkeit je Pixel, positiver Teil, leicht geglättet: eine Näherung, keine exakte Aufteilung; die Werte ergeben nicht die Ähnlichkeit. Ausgegraute Zeilen sieht das Netz nicht.</translation>
    </message>
    <message>
        <location filename="../widgets/matchexplanationview.cpp" line="468"/>
        <source>Each cell&apos;s share of the similarity, spread smoothly between cell centres; the shares of an image add up to its match&apos;s similarity. Greyed rows are not seen by the network.</source>
        <translation>Der Anteil jeder Zelle an der Ähnlichkeit, zwischen den Zellmitten weich verteilt; die Anteile eines Bildes ergeben zusammen die Ähnlichkeit seines Treffers. Grau abgedeckte Zeilen sieht das Netz nicht.</translation>
    </message>
</context>
<context>
    <name>orinet::OrientationWorkspace</name>
    <message>
        <location filename="../app/gui/orientation/orientationworkspace.cpp" line="34"/>
        <source>Panorama rows</source>
        <translation>Panoramazeilen</translation>
    </message>
    <message>
        <location filename="../app/gui/orientation/orientationworkspace.cpp" line="35"/>
        <source>Panorama columns</source>
        <translation>Panoramaspalten</translation>
    </message>
    <message>
        <location filename="../app/gui/orientation/orientationworkspace.cpp" line="36"/>
        <source>Tile size</source>
        <translation>Kachelgröße</translation>
    </message>
    <message>
        <location filename="../app/gui/orientation/orientationworkspace.cpp" line="38"/>
        <source>Hue = direction (yaw / azimuth, clockwise from north); brightness = pitch (panorama) or radius (tile). The same compass direction has the same hue in both.</source>
        <translation>Farbton = Richtung (Gier- bzw. Azimutwinkel, im Uhrzeigersinn ab Norden); Helligkeit = Neigung (Panorama) oder Radius (Kachel). Dieselbe Himmelsrichtung hat in beiden denselben Farbton.</translation>
    </message>
    <message>
        <location filename="../app/gui/orientation/orientationworkspace.cpp" line="47"/>
        <source>Ground: yaw, pitch</source>
        <translation>Boden: Gier, Nick</translation>
    </message>
    <message>
        <location filename="../app/gui/orientation/orientationworkspace.cpp" line="50"/>
        <source>Satellite: azimuth, radius</source>
        <translation>Satellit: Azimut, Radius</translation>
    </message>
</context>
<context>
    <name>orinet::PairTableModel</name>
    <message>
        <location filename="../app/gui/dataset/pairtablemodel.cpp" line="112"/>
        <source>Id</source>
        <translation>Kennung</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/pairtablemodel.cpp" line="114"/>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/pairtablemodel.cpp" line="116"/>
        <source>Easting (m)</source>
        <translation>Ostwert (m)</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/pairtablemodel.cpp" line="118"/>
        <source>Northing (m)</source>
        <translation>Nordwert (m)</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/pairtablemodel.cpp" line="120"/>
        <source>Latitude</source>
        <translation>Breite</translation>
    </message>
    <message>
        <location filename="../app/gui/dataset/pairtablemodel.cpp" line="122"/>
        <source>Longitude</source>
        <translation>Länge</translation>
    </message>
</context>
<context>
    <name>orinet::PairViewer</name>
    <message>
        <location filename="../widgets/pairviewer.cpp" line="24"/>
        <source>Hover the panorama or the tile: the same direction is shown in both.</source>
        <translation>Maus über Panorama oder Kachel: dieselbe Richtung wird in beiden gezeigt.</translation>
    </message>
</context>
<context>
    <name>orinet::ProvenanceText</name>
    <message>
        <location filename="../app/gui/common/provenancetext.cpp" line="26"/>
        <source>imported descriptors</source>
        <translation>importierte Deskriptoren</translation>
    </message>
    <message>
        <location filename="../app/gui/common/provenancetext.cpp" line="28"/>
        <source>imported descriptors (%1)</source>
        <translation>importierte Deskriptoren (%1)</translation>
    </message>
    <message>
        <location filename="../app/gui/common/provenancetext.cpp" line="12"/>
        <source>BN original</source>
        <translation>BN original</translation>
    </message>
    <message>
        <location filename="../app/gui/common/provenancetext.cpp" line="14"/>
        <source>BN recalibrated</source>
        <translation>BN neu kalibriert</translation>
    </message>
    <message>
        <location filename="../app/gui/common/provenancetext.cpp" line="16"/>
        <source>BN running</source>
        <translation>BN laufend</translation>
    </message>
    <message>
        <location filename="../app/gui/common/provenancetext.cpp" line="18"/>
        <source>BN adapted</source>
        <translation>BN angepasst</translation>
    </message>
    <message>
        <location filename="../app/gui/common/provenancetext.cpp" line="19"/>
        <source>BN %1</source>
        <translation>BN %1</translation>
    </message>
    <message>
        <location filename="../app/gui/common/provenancetext.cpp" line="32"/>
        <source>TorchScript model (%1)</source>
        <translation>TorchScript-Modell (%1)</translation>
    </message>
    <message>
        <location filename="../app/gui/common/provenancetext.cpp" line="38"/>
        <source>, epoch %1</source>
        <translation>, Epoche %1</translation>
    </message>
    <message>
        <location filename="../app/gui/common/provenancetext.cpp" line="50"/>
        <source>unknown split</source>
        <translation>unbekannte Aufteilung</translation>
    </message>
</context>
<context>
    <name>orinet::QueryGalleryComparison</name>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="43"/>
        <source>made on another dataset (%1, not %2)</source>
        <translation>auf einem anderen Datensatz erstellt (%1, nicht %2)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="46"/>
        <source>made on another protocol or split (%1 %2, not %3 %4)</source>
        <translation>mit einem anderen Protokoll oder einer anderen Aufteilung erstellt (%1 %2, nicht %3 %4)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="50"/>
        <source>made on another gallery (%1 tiles, not %2, or another order)</source>
        <translation>auf einer anderen Galerie erstellt (%1 Kacheln, nicht %2, oder eine andere Reihenfolge)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="54"/>
        <source>made on another query set (%1 queries, not %2)</source>
        <translation>mit anderen Anfragen erstellt (%1 Anfragen, nicht %2)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="59"/>
        <source>made on another query set or order (query %1 is %2, not %3)</source>
        <translation>mit anderen Anfragen oder einer anderen Reihenfolge erstellt (Anfrage %1 ist %2, nicht %3)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="74"/>
        <source>hit rate</source>
        <translation>Trefferquote</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="77"/>
        <source>median m</source>
        <translation>Median m</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="224"/>
        <source>Query</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="226"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="228"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="230"/>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="232"/>
        <source>m A</source>
        <translation>m A</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="234"/>
        <source>m B</source>
        <translation>m B</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="240"/>
        <source>Rank of the positive tile in results A (1 = retrieved first)</source>
        <translation>Rang der positiven Kachel in Ergebnis A (1 = als erste gefunden)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="242"/>
        <source>Rank of the positive tile in results B (1 = retrieved first)</source>
        <translation>Rang der positiven Kachel in Ergebnis B (1 = als erste gefunden)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="244"/>
        <source>Rank in A minus rank in B: positive when B ranks the positive higher (better), negative when B does worse</source>
        <translation>Rang in A minus Rang in B: positiv, wenn B die positive Kachel höher einordnet (besser), negativ, wenn B schlechter ist</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="247"/>
        <source>Metres from the panorama&apos;s position to the centre of A&apos;s top-1 tile</source>
        <translation>Meter von der Position des Panoramas bis zur Mitte der Top-1-Kachel von A</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerycomparison.cpp" line="249"/>
        <source>Metres from the panorama&apos;s position to the centre of B&apos;s top-1 tile</source>
        <translation>Meter von der Position des Panoramas bis zur Mitte der Top-1-Kachel von B</translation>
    </message>
</context>
<context>
    <name>orinet::QueryGalleryTableModel</name>
    <message>
        <location filename="../app/gui/evaluation/querygallerytablemodel.cpp" line="94"/>
        <location filename="../app/gui/evaluation/querygallerytablemodel.cpp" line="96"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerytablemodel.cpp" line="94"/>
        <location filename="../app/gui/evaluation/querygallerytablemodel.cpp" line="96"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerytablemodel.cpp" line="117"/>
        <source>Query</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerytablemodel.cpp" line="119"/>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerytablemodel.cpp" line="121"/>
        <source>Hit</source>
        <translation>Treffer</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerytablemodel.cpp" line="123"/>
        <source>Covers</source>
        <translation>Deckt ab</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerytablemodel.cpp" line="125"/>
        <source>Metres</source>
        <translation>Meter</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerytablemodel.cpp" line="131"/>
        <source>Rank of the positive tile (1 = retrieved first)</source>
        <translation>Rang der positiven Kachel (1 = als erste gefunden)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerytablemodel.cpp" line="133"/>
        <source>Hit rate as VIGOR counts it: only semi-positives are more similar than the positive</source>
        <translation>Trefferquote, wie VIGOR sie zählt: nur semi-positive Kacheln sind ähnlicher als die positive</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerytablemodel.cpp" line="136"/>
        <source>The most similar tile is the positive or a semi-positive</source>
        <translation>Die ähnlichste Kachel ist die positive oder eine semi-positive</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygallerytablemodel.cpp" line="138"/>
        <source>Metres from the panorama&apos;s position to the centre of the top-1 tile</source>
        <translation>Meter von der Position des Panoramas bis zur Mitte der Top-1-Kachel</translation>
    </message>
</context>
<context>
    <name>orinet::QueryGalleryView</name>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="157"/>
        <source>The run&apos;s results on query/gallery splits (results/*/querygallery.json)</source>
        <translation>Die Ergebnisse des Laufs auf Anfrage/Galerie-Aufteilungen (results/*/querygallery.json)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="160"/>
        <source>Open…</source>
        <translation>Öffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="161"/>
        <source>VIGOR-layout dataset folder</source>
        <translation>Datensatzordner im VIGOR-Layout</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="164"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="168"/>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="823"/>
        <source>same-area</source>
        <translation>gleiches Gebiet</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="168"/>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="823"/>
        <source>cross-area</source>
        <translation>anderes Gebiet</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="172"/>
        <source>Same-area: all four cities, other panoramas. Cross-area: trained on NewYork and Seattle, tested on SanFrancisco and Chicago (docs/vigor.md).</source>
        <translation>Gleiches Gebiet: alle vier Städte, andere Panoramen. Anderes Gebiet: trainiert auf NewYork und Seattle, getestet auf SanFrancisco und Chicago (docs/vigor.md).</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="178"/>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="827"/>
        <source>test</source>
        <translation>test</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="179"/>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="827"/>
        <source>train</source>
        <translation>train</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="183"/>
        <source>Evaluate on VIGOR</source>
        <translation>Auf VIGOR auswerten</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="185"/>
        <source>Describes every panorama of the split and every tile of its cities once (or reuses the run&apos;s descriptors), with the checkpoint and BatchNorm mode chosen above, and saves the results in the run</source>
        <translation>Beschreibt jedes Panorama der Aufteilung und jede Kachel ihrer Städte einmal (oder verwendet die Deskriptoren des Laufs wieder), mit Checkpoint und BatchNorm-Modus von oben, und speichert die Ergebnisse im Lauf</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="224"/>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="228"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="504"/>
        <source>No query/gallery results yet: evaluate the run on a VIGOR-layout dataset (`orinet eval --run RUN --vigor ROOT` does the same) or open a querygallery.json.</source>
        <translation>Noch keine Anfrage/Galerie-Ergebnisse: werten Sie den Lauf auf einem Datensatz im VIGOR-Layout aus (`orinet eval --run RUN --vigor ROOT` tut dasselbe) oder öffnen Sie eine querygallery.json.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="238"/>
        <source>Misses only</source>
        <translation>Nur Fehlgriffe</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="240"/>
        <source>List only the queries whose top-1 tile is neither the positive nor a semi-positive</source>
        <translation>Nur die Anfragen auflisten, deren Top-1-Kachel weder die positive noch eine semi-positive ist</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="334"/>
        <source>Positive and retrieved</source>
        <translation>Positive und gefundene</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="343"/>
        <source>%1 positive &amp;nbsp; %2 semi-positive &amp;nbsp; %3 retrieved, numbered by rank &amp;nbsp; &amp;#9733; the panorama&apos;s position</source>
        <translation>%1 positiv &amp;nbsp; %2 semi-positiv &amp;nbsp; %3 gefunden, nach Rang nummeriert &amp;nbsp; &amp;#9733; Position des Panoramas</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="407"/>
        <source>Open query/gallery results</source>
        <translation>Anfrage/Galerie-Ergebnisse öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="387"/>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="408"/>
        <source>Query/gallery results (querygallery.json)</source>
        <translation>Anfrage/Galerie-Ergebnisse (querygallery.json)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="194"/>
        <source>Other results of the same split and queries to compare the shown ones (A) with, query by query (B)</source>
        <translation>Andere Ergebnisse derselben Aufteilung und Anfragen, mit denen die gezeigten (A) Anfrage für Anfrage verglichen werden (B)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="198"/>
        <source>Compare with File…</source>
        <translation>Mit Datei vergleichen…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="218"/>
        <source>All queries</source>
        <translation>Alle Anfragen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="219"/>
        <source>Only improved by B</source>
        <translation>Nur durch B verbesserte</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="220"/>
        <source>Only worse in B</source>
        <translation>Nur in B schlechtere</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="296"/>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="298"/>
        <source>Save the listed queries (as sorted and filtered) with both ranks, the change, the metres to each top-1 tile and both top-1 tiles</source>
        <translation>Die aufgelisteten Anfragen (sortiert und gefiltert wie gezeigt) mit beiden Rängen, der Änderung, den Metern bis zu jeder Top-1-Kachel und beiden Top-1-Kacheln speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="306"/>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="312"/>
        <source>Export compared queries</source>
        <translation>Verglichene Anfragen exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="307"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="348"/>
        <source>%1 B&apos;s top-1</source>
        <translation>%1 Top-1 von B</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="370"/>
        <source>Compare with</source>
        <translation>Vergleichen mit</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="386"/>
        <source>Compare with query/gallery results</source>
        <translation>Mit Anfrage/Galerie-Ergebnissen vergleichen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="419"/>
        <source>VIGOR-layout dataset</source>
        <translation>Datensatz im VIGOR-Layout</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="448"/>
        <source>Could not show the results: %1</source>
        <translation>Die Ergebnisse lassen sich nicht zeigen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="520"/>
        <source>Reading query/gallery results</source>
        <translation>Anfrage/Galerie-Ergebnisse werden gelesen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="534"/>
        <source>No run folder at &apos;%1&apos;.</source>
        <translation>Kein Laufordner unter &apos;%1&apos;.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="537"/>
        <source>Choose the VIGOR-layout dataset to evaluate on (no folder at &apos;%1&apos;).</source>
        <translation>Wählen Sie den Datensatz im VIGOR-Layout, auf dem ausgewertet wird (kein Ordner unter &apos;%1&apos;).</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="555"/>
        <source>Evaluating on VIGOR</source>
        <translation>Auswertung auf VIGOR</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="603"/>
        <source>%1 is no longer compared: %2</source>
        <translation>%1 wird nicht mehr verglichen: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="621"/>
        <source>No comparison</source>
        <translation>Kein Vergleich</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="666"/>
        <source>%1 is the results shown: choose other results to compare them with</source>
        <translation>%1 sind die gezeigten Ergebnisse: wählen Sie andere Ergebnisse zum Vergleich</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="679"/>
        <source>Reading query/gallery results to compare</source>
        <translation>Anfrage/Galerie-Ergebnisse zum Vergleich werden gelesen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="699"/>
        <source>%1 cannot be compared with the results shown: %2</source>
        <translation>%1 lässt sich nicht mit den gezeigten Ergebnissen vergleichen: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="782"/>
        <source>B − A</source>
        <translation>B − A</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="799"/>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="801"/>
        <source>%1 pp</source>
        <translation>%1 Pp.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="817"/>
        <source>&lt;b&gt;r@1 %1&lt;/b&gt; · r@5 %2 · r@10 %3 · r@1% %4 · hit rate %5 · top-1 covers %6</source>
        <translation>&lt;b&gt;r@1 %1&lt;/b&gt; · r@5 %2 · r@10 %3 · r@1% %4 · Trefferquote %5 · Top-1 deckt ab %6</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="822"/>
        <source> · median %1 to the top-1 tile</source>
        <translation> · Median %1 bis zur Top-1-Kachel</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="826"/>
        <source>%1 %2: %n queries against %3 tiles · %4</source>
        <translation>
            <numerusform>%1 %2: %n Anfrage gegen %3 Kacheln · %4</numerusform>
            <numerusform>%1 %2: %n Anfragen gegen %3 Kacheln · %4</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="837"/>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="840"/>
        <source>%1 of %n queries</source>
        <translation>
            <numerusform>%1 von %n Anfrage</numerusform>
            <numerusform>%1 von %n Anfragen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="945"/>
        <source>positive</source>
        <translation>positiv</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="947"/>
        <source>semi-positive</source>
        <translation>semi-positiv</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="955"/>
        <source>%1 km</source>
        <translation>%1 km</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="956"/>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="970"/>
        <source>A: rank %1 · B: rank %2 · %3</source>
        <translation>A: Rang %1 · B: Rang %2 · %3</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="974"/>
        <source>%1 · positive at rank %2</source>
        <translation>%1 · positive Kachel auf Rang %2</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="976"/>
        <source>top-1 %1 away</source>
        <translation>Top-1 %1 entfernt</translation>
    </message>
</context>
<context>
    <name>orinet::QueryTableModel</name>
    <message>
        <location filename="../app/gui/evaluation/querytablemodel.cpp" line="190"/>
        <source>Rank of the true match (1 = retrieved first)</source>
        <translation>Rang des richtigen Treffers (1 = als erster gefunden)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querytablemodel.cpp" line="192"/>
        <source>Similarity of the query and its true match</source>
        <translation>Ähnlichkeit von Anfrage und richtigem Treffer</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querytablemodel.cpp" line="194"/>
        <source>Similarity of the query and the item retrieved first</source>
        <translation>Ähnlichkeit von Anfrage und erstem Treffer</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querytablemodel.cpp" line="196"/>
        <source>Ground distance between the item retrieved first and the true location</source>
        <translation>Entfernung am Boden zwischen erstem Treffer und wahrem Ort</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querytablemodel.cpp" line="205"/>
        <source>Query</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querytablemodel.cpp" line="207"/>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querytablemodel.cpp" line="209"/>
        <source>True score</source>
        <translation>Ähnl. richtig</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querytablemodel.cpp" line="211"/>
        <source>Top-1 score</source>
        <translation>Ähnl. Top-1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querytablemodel.cpp" line="213"/>
        <source>Top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querytablemodel.cpp" line="215"/>
        <source>Geo error (m)</source>
        <translation>Geo-Fehler (m)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querytablemodel.cpp" line="217"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/querytablemodel.cpp" line="219"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
</context>
<context>
    <name>orinet::RecentMenu</name>
    <message>
        <location filename="../app/gui/shell/recentmenu.cpp" line="40"/>
        <source>&amp;Clear Menu</source>
        <translation>Menü &amp;leeren</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/recentmenu.cpp" line="53"/>
        <source>&amp;Recent Datasets</source>
        <translation>&amp;Zuletzt geöffnete Datensätze</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/recentmenu.cpp" line="53"/>
        <source>Recent R&amp;uns</source>
        <translation>Zuletzt verwendete &amp;Läufe</translation>
    </message>
</context>
<context>
    <name>orinet::RunComparison</name>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="16"/>
        <source>different directions (%1 and %2)</source>
        <translation>verschiedene Richtungen (%1 und %2)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="21"/>
        <source>different splits (%1 and %2)</source>
        <translation>verschiedene Aufteilungen (%1 und %2)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="25"/>
        <source>different numbers of queries (%1 and %2)</source>
        <translation>verschiedene Anzahlen von Anfragen (%1 und %2)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="29"/>
        <source>the queries are not the same (different ids or order)</source>
        <translation>die Anfragen sind nicht dieselben (andere Kennungen oder Reihenfolge)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="142"/>
        <source>Top-1 of %1: %2</source>
        <translation>Top-1 von %1: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="171"/>
        <source>Rank in A minus rank in B: positive when B ranks the true match higher</source>
        <translation>Rang in A minus Rang in B: positiv, wenn B den richtigen Treffer weiter vorn einordnet</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="181"/>
        <source>Metres from the top-1 of %1 to the query&apos;s true position</source>
        <translation>Meter von der Top-1 von %1 bis zur wahren Position der Anfrage</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="187"/>
        <source>Query</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="189"/>
        <source>Rank A</source>
        <translation>Rang A</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="195"/>
        <source>Geo A (m)</source>
        <translation>Geo A (m)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="197"/>
        <source>Geo B (m)</source>
        <translation>Geo B (m)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="177"/>
        <source>Rank of the true match in %1</source>
        <translation>Rang des wahren Treffers in %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="191"/>
        <source>Rank B</source>
        <translation>Rang B</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runcomparison.cpp" line="193"/>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
</context>
<context>
    <name>orinet::RunsView</name>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="69"/>
        <source>K (top candidates)</source>
        <translation>K (beste Kandidaten)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="70"/>
        <source>Recall@K (%)</source>
        <translation>Recall@K (%)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="71"/>
        <source>Geo-recall@K (%)</source>
        <translation>Geo-Recall@K (%)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="64"/>
        <source>Log K</source>
        <translation>Log. K</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="65"/>
        <source>Geo panel</source>
        <translation>Geo-Diagramm</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="76"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="76"/>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="76"/>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="77"/>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="77"/>
        <source>r@1</source>
        <translation>r@1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="77"/>
        <source>r@5</source>
        <translation>r@5</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="77"/>
        <source>r@10</source>
        <translation>r@10</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="78"/>
        <source>r@1%</source>
        <translation>r@1%</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="78"/>
        <source>geo r@1</source>
        <translation>Geo-r@1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="80"/>
        <source>geo-recall@1: top-1 within each distance threshold of the truth</source>
        <translation>Geo-Recall@1: erster Treffer innerhalb jeder Abstandsschwelle um den wahren Ort</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="94"/>
        <source>Add Results…</source>
        <translation>Ergebnisse hinzufügen…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="96"/>
        <source>Add an evaluated run folder or results JSON to compare</source>
        <translation>Einen ausgewerteten Laufordner oder eine Ergebnis-JSON zum Vergleich hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="99"/>
        <source>Add Published Results…</source>
        <translation>Veröffentlichte Ergebnisse hinzufügen…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="101"/>
        <source>Show figures printed in papers beside the runs: a CSV table with the columns method, dataset, split, r@1, r@5, r@10, r@1%, citation</source>
        <translation>In Veröffentlichungen angegebene Werte neben den Läufen zeigen: eine CSV-Tabelle mit den Spalten method, dataset, split, r@1, r@5, r@10, r@1%, citation</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="105"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="107"/>
        <source>Export Figure…</source>
        <translation>Abbildung exportieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="109"/>
        <source>Export Table…</source>
        <translation>Tabelle exportieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="194"/>
        <source>not plotted: evaluated on %1, the plot shows %2</source>
        <translation>nicht gezeichnet: ausgewertet auf %1, das Diagramm zeigt %2</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="259"/>
        <source>%1 (%2 m)</source>
        <translation>%1 (%2 m)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="279"/>
        <location filename="../app/gui/evaluation/runsview.cpp" line="325"/>
        <source>%1
from %2</source>
        <translation>%1
aus %2</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="310"/>
        <source>%1 (published, geo-recall within %2 m)</source>
        <translation>%1 (veröffentlicht, Geo-Recall innerhalb %2 m)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="311"/>
        <source>%1 (published)</source>
        <translation>%1 (veröffentlicht)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="314"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="326"/>
        <source>not plotted: published for %1 %2, the plot shows other runs</source>
        <translation>nicht gezeichnet: veröffentlicht für %1 %2, das Diagramm zeigt andere Läufe</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="348"/>
        <source>published</source>
        <translation>veröffentlicht</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="364"/>
        <source>Add an evaluated run folder (or cancel to pick a results JSON)</source>
        <translation>Einen ausgewerteten Laufordner hinzufügen (oder abbrechen, um eine Ergebnis-JSON zu wählen)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="367"/>
        <location filename="../app/gui/evaluation/runsview.cpp" line="374"/>
        <source>Add Results</source>
        <translation>Ergebnisse hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="368"/>
        <source>Results (eval_*.json)</source>
        <translation>Ergebnisse (eval_*.json)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="380"/>
        <location filename="../app/gui/evaluation/runsview.cpp" line="387"/>
        <source>Add Published Results</source>
        <translation>Veröffentlichte Ergebnisse hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="381"/>
        <source>Published results (*.csv);;All files (*)</source>
        <translation>Veröffentlichte Ergebnisse (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="393"/>
        <location filename="../app/gui/evaluation/runsview.cpp" line="402"/>
        <source>Export Figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="393"/>
        <source>No run is plotted.</source>
        <translation>Es ist kein Lauf gezeichnet.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="408"/>
        <location filename="../app/gui/evaluation/runsview.cpp" line="417"/>
        <source>Export Table</source>
        <translation>Tabelle exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluation/runsview.cpp" line="409"/>
        <source>LaTeX (*.tex);;CSV (*.csv)</source>
        <translation>LaTeX (*.tex);;CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>orinet::StudioSession</name>
    <message>
        <location filename="../app/gui/shell/studiosession.cpp" line="86"/>
        <source>The session file %1 cannot be read (%2); this session will not be saved.</source>
        <translation>Die Sitzungsdatei %1 kann nicht gelesen werden (%2); diese Sitzung wird nicht gespeichert.</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/studiosession.cpp" line="96"/>
        <source>%1 at byte %2</source>
        <translation>%1 bei Byte %2</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/studiosession.cpp" line="98"/>
        <source>not a session file of OriNet Studio</source>
        <translation>keine Sitzungsdatei von OriNet Studio</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/studiosession.cpp" line="100"/>
        <source>written by a newer version</source>
        <translation>von einer neueren Version geschrieben</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/studiosession.cpp" line="110"/>
        <source>The session file %1 could not be read (%2); it was kept beside it as %3 and the studio starts without the previous session.</source>
        <translation>Die Sitzungsdatei %1 konnte nicht gelesen werden (%2); sie wurde daneben als %3 aufbewahrt, und das Studio startet ohne die vorige Sitzung.</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/studiosession.cpp" line="114"/>
        <source>The session file %1 could not be read (%2); it is left as it is and this session will not be saved.</source>
        <translation>Die Sitzungsdatei %1 konnte nicht gelesen werden (%2); sie bleibt unverändert, und diese Sitzung wird nicht gespeichert.</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/studiosession.cpp" line="138"/>
        <source>No longer there, so dropped from the session: %1</source>
        <translation>Nicht mehr vorhanden, daher aus der Sitzung entfernt: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/studiosession.cpp" line="207"/>
        <source>Dropped from the restored session, no longer readable: %1</source>
        <translation>Aus der wiederhergestellten Sitzung entfernt, nicht mehr lesbar: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/shell/studiosession.cpp" line="275"/>
        <source>The session could not be saved to %1: %2</source>
        <translation>Die Sitzung konnte nicht in %1 gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>orinet::TrainingCurves</name>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="261"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="270"/>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="273"/>
        <source>wall time (h:mm:ss)</source>
        <translation>Laufzeit (h:mm:ss)</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="293"/>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="293"/>
        <source>loss (masked pairs dropped)</source>
        <translation>Verlust (maskierte Paare weggelassen)</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="305"/>
        <source>validation recall (%)</source>
        <translation>Validierungs-Recall (%)</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="304"/>
        <source>validation recall vs. whole gallery (%)</source>
        <translation>Validierungs-Recall gegen die ganze Galerie (%)</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="168"/>
        <source>%1 (vs. gallery)</source>
        <translation>%1 (gegen Galerie)</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="412"/>
        <source>%1 r@1%</source>
        <translation>%1 r@1%</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="415"/>
        <source>%1 r@1</source>
        <translation>%1 r@1</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="418"/>
        <source>%1 r@5</source>
        <translation>%1 r@5</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="421"/>
        <source>%1 r@10</source>
        <translation>%1 r@10</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="424"/>
        <source>%1 hit rate</source>
        <translation>%1 Trefferquote</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="447"/>
        <source>r@1%</source>
        <translation>r@1%</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="450"/>
        <source>r@1</source>
        <translation>r@1</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="453"/>
        <source>r@5</source>
        <translation>r@5</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="456"/>
        <source>r@10</source>
        <translation>r@10</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="459"/>
        <source>hit rate</source>
        <translation>Trefferquote</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="508"/>
        <source>Click to hide the %1 curves</source>
        <translation>Klicken, um die Kurven %1 auszublenden</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="509"/>
        <source>Click to show the %1 curves</source>
        <translation>Klicken, um die Kurven %1 einzublenden</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="532"/>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="534"/>
        <source>epoch %1</source>
        <translation>Epoche %1</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="536"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="547"/>
        <source>%1 · %2: loss %3 (smoothed %4)</source>
        <translation>%1 · %2: Verlust %3 (geglättet %4)</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="553"/>
        <source>; the released code&apos;s formula: %1 (masked pairs count as log 2)</source>
        <translation>; Formel des veröffentlichten Codes: %1 (maskierte Paare zählen als log 2)</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="575"/>
        <source>%1 · %2: held-out vs. gallery r@1 %3 %, r@5 %4 %, r@10 %5 %, r@1% %6 %; hit rate %7 %</source>
        <translation>%1 · %2: zurückgehaltene gegen Galerie r@1 %3 %, r@5 %4 %, r@10 %5 %, r@1% %6 %; Trefferquote %7 %</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="582"/>
        <source>%1 · %2: r@1 %3 %, r@1% %4 %</source>
        <translation>%1 · %2: r@1 %3 %, r@1% %4 %</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="592"/>
        <source>Training curves</source>
        <translation>Trainingskurven</translation>
    </message>
    <message>
        <location filename="../widgets/trainingcurves.cpp" line="693"/>
        <source>recall (%)</source>
        <translation>Recall (%)</translation>
    </message>
</context>
<context>
    <name>orinet::TrainingForm</name>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="53"/>
        <source>RGB + orientation (paper)</source>
        <translation>RGB + Orientierung (Paper)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="54"/>
        <source>RGB only (ablation)</source>
        <translation>nur RGB (Ablation)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="66"/>
        <source>epoch</source>
        <translation>jede Epoche</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="67"/>
        <source> epochs</source>
        <translation> Epochen</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="70"/>
        <source>Validate only every N-th epoch (N, 2N, ...) and the last; the best checkpoint is chosen among those. For large validation sets, a VIGOR gallery above all (orinet train --val-every)</source>
        <translation>Nur jede N-te Epoche (N, 2N, ...) und die letzte validieren; der beste Checkpoint wird unter diesen gewählt. Für große Validierungsmengen, vor allem eine VIGOR-Galerie (orinet train --val-every)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="82"/>
        <source>BatchNorm statistics of the per-epoch validation. Original (the default) is the paper&apos;s protocol: each batch normalised with its own statistics (orinet train --val-bn; docs/evaluation.md). A VIGOR run cannot validate in mode adapted.</source>
        <translation>BatchNorm-Statistiken der Validierung nach jeder Epoche. Original (die Voreinstellung) ist das Protokoll des Papers: jeder Batch mit seinen eigenen Statistiken normiert (orinet train --val-bn; docs/evaluation.md). Ein VIGOR-Lauf kann nicht im Modus angepasst validieren.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="89"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="91"/>
        <source>Unaugmented training batches averaged into the recalibrated BatchNorm statistics after every epoch; 0: none, and no validation or evaluation in mode recalibrated (orinet train --recalibration-batches)</source>
        <translation>Nicht augmentierte Trainings-Batches, die nach jeder Epoche zu den neu kalibrierten BatchNorm-Statistiken gemittelt werden; 0: keine, und keine Validierung oder Auswertung im Modus neu kalibriert (orinet train --recalibration-batches)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="99"/>
        <source>Same area (all four cities)</source>
        <translation>Gleiches Gebiet (alle vier Städte)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="100"/>
        <source>Cross area (New York, Seattle; tested on the others)</source>
        <translation>Anderes Gebiet (New York, Seattle; getestet auf den anderen)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="105"/>
        <source>The VIGOR protocol whose train split is trained on (orinet train --protocol)</source>
        <translation>Das VIGOR-Protokoll, auf dessen Trainingsaufteilung trainiert wird (orinet train --protocol)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="107"/>
        <source>This root holds areas of its own, not VIGOR&apos;s four cities: it has the same-area protocol only (cross-area is defined by VIGOR&apos;s split of its cities)</source>
        <translation>Dieser Ordner enthält eigene Gebiete, nicht die vier Städte von VIGOR: er hat nur das Protokoll gleiches Gebiet (anderes Gebiet ist durch die Aufteilung der VIGOR-Städte festgelegt)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="118"/>
        <source>Share of the train split&apos;s panoramas (per city, drawn with the seed) held out of training and validated against the split&apos;s whole gallery after every epoch; 0: no validation and no best checkpoint (orinet train --val-holdout)</source>
        <translation>Anteil der Panoramen der Trainingsaufteilung (je Stadt, mit dem Seed gezogen), der nicht trainiert, sondern nach jeder Epoche gegen die ganze Galerie der Aufteilung validiert wird; 0: keine Validierung und kein bester Checkpoint (orinet train --val-holdout)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="137"/>
        <source>Input size</source>
        <translation>Eingabegröße</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="138"/>
        <source>Orientation</source>
        <translation>Orientierung</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="139"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="140"/>
        <source>Batch size</source>
        <translation>Stapelgröße</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="141"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="142"/>
        <source>Seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="143"/>
        <source>Validate every</source>
        <translation>Validierungstakt</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="144"/>
        <source>Validation BatchNorm</source>
        <translation>Validierungs-BatchNorm</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="146"/>
        <source>Recalibration batches</source>
        <translation>Kalibrier-Batches</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="148"/>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="149"/>
        <source>Validation holdout</source>
        <translation>Validierungsanteil</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="225"/>
        <source>input size</source>
        <translation>die Eingabegröße</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="227"/>
        <source>orientation</source>
        <translation>die Orientierung</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="229"/>
        <source>batch size</source>
        <translation>die Stapelgröße</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="231"/>
        <source>learning rate</source>
        <translation>die Lernrate</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="233"/>
        <source>seed</source>
        <translation>den Startwert</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="235"/>
        <source>validation cadence</source>
        <translation>Validierungstakt</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="237"/>
        <source>validation BatchNorm</source>
        <translation>Validierungs-BatchNorm</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="239"/>
        <source>recalibration batches</source>
        <translation>Kalibrier-Batches</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="241"/>
        <source>protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="243"/>
        <source>validation holdout</source>
        <translation>Validierungsanteil</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="252"/>
        <source>RGB only</source>
        <translation>nur RGB</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="253"/>
        <source>RGB + orientation</source>
        <translation>RGB + Orientierung</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="262"/>
        <source>every epoch</source>
        <translation>jede Epoche</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingform.cpp" line="263"/>
        <source>every %1 epochs</source>
        <translation>alle %1 Epochen</translation>
    </message>
</context>
<context>
    <name>orinet::TrainingWorkspace</name>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="59"/>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="332"/>
        <source>No dataset open.</source>
        <translation>Kein Datensatz geöffnet.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="60"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="61"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="62"/>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="69"/>
        <source>Choose…</source>
        <translation>Wählen…</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="71"/>
        <source>Train on another dataset: a one-to-one dataset (CVUSA, CVACT, pairs.csv) or a VIGOR root (splits/&lt;City&gt;/satellite_list.txt)</source>
        <translation>Auf einem anderen Datensatz trainieren: ein Eins-zu-eins-Datensatz (CVUSA, CVACT, pairs.csv) oder ein VIGOR-Ordner (splits/&lt;City&gt;/satellite_list.txt)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="79"/>
        <source>Train a new run into the run folder</source>
        <translation>Einen neuen Lauf in den Laufordner trainieren</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="81"/>
        <source>Continue the run in the run folder from its last checkpoint, with its saved settings (only the number of epochs may change)</source>
        <translation>Den Lauf im Laufordner ab seinem letzten Checkpoint mit seinen gespeicherten Einstellungen fortsetzen (nur die Zahl der Epochen darf sich ändern)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="85"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="94"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="95"/>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="170"/>
        <source>Run folder</source>
        <translation>Laufordner</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="116"/>
        <source>Exponential moving average of the loss, as TensorBoard&apos;s</source>
        <translation>Exponentieller gleitender Mittelwert des Verlusts, wie in TensorBoard</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="123"/>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="124"/>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="125"/>
        <source>Wall time</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="130"/>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="205"/>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="207"/>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="215"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="135"/>
        <source>Figure (PDF, SVG, PNG)…</source>
        <translation>Abbildung (PDF, SVG, PNG)…</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="136"/>
        <source>Data (CSV)…</source>
        <translation>Daten (CSV)…</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="139"/>
        <source>Smoothing</source>
        <translation>Glättung</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="143"/>
        <source>x axis</source>
        <translation>x-Achse</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="177"/>
        <source>Dataset to train on (CVUSA, CVACT, pairs.csv or VIGOR folder)</source>
        <translation>Datensatz zum Trainieren (CVUSA-, CVACT-, pairs.csv- oder VIGOR-Ordner)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="211"/>
        <source>Export training data</source>
        <translation>Trainingsdaten exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="212"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="312"/>
        <source>%1 is neither a one-to-one dataset nor a VIGOR root (splits/&lt;City&gt;/satellite_list.txt): %2</source>
        <translation>%1 ist weder ein Eins-zu-eins-Datensatz noch ein VIGOR-Ordner (splits/&lt;City&gt;/satellite_list.txt): %2</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="333"/>
        <source>VIGOR root: %1</source>
        <translation>VIGOR-Ordner: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="357"/>
        <source>Cannot train on this VIGOR root: %1</source>
        <translation>Auf diesem VIGOR-Ordner lässt sich nicht trainieren: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="408"/>
        <source>Cannot read the run&apos;s history: %1</source>
        <translation>Der Verlauf des Laufs kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="434"/>
        <source>New run: Start trains into this folder.</source>
        <translation>Neuer Lauf: Starten trainiert in diesen Ordner.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="464"/>
        <source>no checkpoint yet, so it cannot be resumed; Start trains it anew in another folder</source>
        <translation>noch kein Checkpoint, daher nicht fortsetzbar; Starten trainiert ihn neu in einem anderen Ordner</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="467"/>
        <source>all %1 epochs done (step %2); raise Epochs and Resume to train on</source>
        <translation>alle %1 Epochen fertig (Schritt %2); zum Weitertrainieren Epochen erhöhen und fortsetzen</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="470"/>
        <source>%1 of %2 epochs done (step %3); Resume continues it</source>
        <translation>%1 von %2 Epochen fertig (Schritt %3); Fortsetzen trainiert weiter</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="474"/>
        <source>Run %1: %2. The form shows its saved settings.</source>
        <translation>Lauf %1: %2. Das Formular zeigt seine gespeicherten Einstellungen.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="477"/>
        <source>It was trained on %1, not on the open dataset.</source>
        <translation>Er wurde auf %1 trainiert, nicht auf dem geöffneten Datensatz.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="483"/>
        <source>Cannot read the run: %1</source>
        <translation>Der Lauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="494"/>
        <source>Choose a run folder first.</source>
        <translation>Wählen Sie zuerst einen Laufordner.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="502"/>
        <source>%1 already holds a run (shown). Resume continues it; for a new run choose another folder.</source>
        <translation>%1 enthält bereits einen Lauf (angezeigt). Fortsetzen trainiert ihn weiter; für einen neuen Lauf wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="533"/>
        <source>There is no run folder at &apos;%1&apos; to resume.</source>
        <translation>Unter „%1“ gibt es keinen Laufordner zum Fortsetzen.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="539"/>
        <source>%1 has no checkpoint to resume from (%2 is missing). Start trains a new run.</source>
        <translation>%1 hat keinen Checkpoint zum Fortsetzen (%2 fehlt). Starten trainiert einen neuen Lauf.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="550"/>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="592"/>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="623"/>
        <source>Cannot resume: %1</source>
        <translation>Fortsetzen nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="564"/>
        <source>Cannot resume: the run was trained on the VIGOR root %1, which is no VIGOR root now (splits/&lt;City&gt;/satellite_list.txt is missing). Choose the dataset it was trained on.</source>
        <translation>Fortsetzen nicht möglich: der Lauf wurde auf dem VIGOR-Ordner %1 trainiert, der jetzt kein VIGOR-Ordner mehr ist (splits/&lt;City&gt;/satellite_list.txt fehlt). Wählen Sie den Datensatz, auf dem er trainiert wurde.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="573"/>
        <source>Cannot resume: %1 is a VIGOR root, but the run was trained on a one-to-one dataset (%2). Choose that dataset to resume it.</source>
        <translation>Fortsetzen nicht möglich: %1 ist ein VIGOR-Ordner, der Lauf wurde aber auf einem Eins-zu-eins-Datensatz trainiert (%2). Wählen Sie diesen Datensatz, um ihn fortzusetzen.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="613"/>
        <source>The run has done all its %1 epochs; raise Epochs to train on.</source>
        <translation>Der Lauf hat alle %1 Epochen absolviert; zum Weitertrainieren Epochen erhöhen.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="658"/>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/training/trainingworkspace.cpp" line="659"/>
        <source>The dataset has %n pair(s) with known problems. A training stops at the first one it cannot read.</source>
        <translation>
            <numerusform>Der Datensatz hat %n Paar mit einem bekannten Problem. Ein Training bricht beim ersten Paar ab, das es nicht lesen kann.</numerusform>
            <numerusform>Der Datensatz hat %n Paare mit bekannten Problemen. Ein Training bricht beim ersten ab, das es nicht lesen kann.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="663"/>
        <source>Leave them out in the Dataset workspace (Leave Out Bad Pairs), or train anyway.</source>
        <translation>Lassen Sie sie im Arbeitsbereich Datensatz weg (Fehlerhafte Paare weglassen) oder trainieren Sie trotzdem.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="666"/>
        <source>Train Anyway</source>
        <translation>Trotzdem trainieren</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="673"/>
        <source>Not started: the dataset has known problems.</source>
        <translation>Nicht gestartet: Der Datensatz hat bekannte Probleme.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/training/trainingworkspace.cpp" line="701"/>
        <source>Resuming %1 with %n thread(s)…</source>
        <translation>
            <numerusform>Setze %1 mit %n Thread fort…</numerusform>
            <numerusform>Setze %1 mit %n Threads fort…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/training/trainingworkspace.cpp" line="702"/>
        <source>Training with %n thread(s)…</source>
        <translation>
            <numerusform>Training mit %n Thread…</numerusform>
            <numerusform>Training mit %n Threads…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="711"/>
        <source>epoch %1: loss %2</source>
        <translation>Epoche %1: Verlust %2</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="715"/>
        <source>epoch %1: loss %2 · held-out vs gallery r@1 %3&#xa0;% · r@5 %4&#xa0;% · r@10 %5&#xa0;% · r@1% %6&#xa0;% · hit rate %7&#xa0;%</source>
        <translation>Epoche %1: Verlust %2 · zurückgehaltene gegen Galerie r@1 %3&#xa0;% · r@5 %4&#xa0;% · r@10 %5&#xa0;% · r@1% %6&#xa0;% · Trefferquote %7&#xa0;%</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="721"/>
        <source>epoch %1: loss %2 · val r@1 %3&#xa0;% · r@1% %4&#xa0;%</source>
        <translation>Epoche %1: Verlust %2 · Val. r@1 %3&#xa0;% · r@1% %4&#xa0;%</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="640"/>
        <source>Stopping after the current step; a checkpoint will be written.</source>
        <translation>Stopp nach dem aktuellen Schritt; ein Checkpoint wird geschrieben.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="605"/>
        <source>note: resuming keeps the run&apos;s %1 %2 (the form had %3)</source>
        <translation>Hinweis: Das Fortsetzen behält %1 %2 des Laufs bei (im Formular stand %3)</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="648"/>
        <source>Open a dataset first.</source>
        <translation>Bitte zuerst einen Datensatz öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="652"/>
        <source>The dataset has no &apos;train&apos; split.</source>
        <translation>Der Datensatz hat keine Aufteilung „train“.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="678"/>
        <source>Resuming training</source>
        <translation>Training wird fortgesetzt</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="678"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="683"/>
        <source>Finished. Evaluate the run in the Evaluation tab.</source>
        <translation>Fertig. Den Lauf im Reiter Auswertung auswerten.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="687"/>
        <source>Stopped; the last checkpoint is kept. Resume continues the run.</source>
        <translation>Angehalten; der letzte Checkpoint bleibt erhalten. Fortsetzen setzt den Lauf fort.</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="690"/>
        <source>Training stopped: %1</source>
        <translation>Training beendet: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="691"/>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="729"/>
        <source>epoch %1/%2 · step %3/%4 · loss %5</source>
        <translation>Epoche %1/%2 · Schritt %3/%4 · Verlust %5</translation>
    </message>
    <message>
        <location filename="../app/gui/training/trainingworkspace.cpp" line="736"/>
        <source>ending the epoch (validation, checkpoint)</source>
        <translation>Epoche wird abgeschlossen (Validierung, Checkpoint)</translation>
    </message>
</context>
<context>
    <name>orinet::ZoomView</name>
    <message>
        <location filename="../widgets/zoomview.cpp" line="74"/>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
    <message>
        <location filename="../widgets/zoomview.cpp" line="95"/>
        <source>%1 %  ·  wheel: zoom  ·  drag: pan  ·  double-click: fit</source>
        <translation>%1 %  ·  Rad: Zoom  ·  Ziehen: Verschieben  ·  Doppelklick: Einpassen</translation>
    </message>
</context>
</TS>
