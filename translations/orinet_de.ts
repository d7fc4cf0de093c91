<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>orinet::AboutDialog</name>
    <message>
        <location filename="../app/gui/aboutdialog.cpp" line="13"/>
        <source>About OriNet Studio</source>
        <translation>Über OriNet Studio</translation>
    </message>
    <message>
        <location filename="../app/gui/aboutdialog.cpp" line="15"/>
        <source>&lt;h2&gt;OriNet Studio %1&lt;/h2&gt;&lt;p&gt;Cross-view geo-localization with orientation-aware networks (Liu &amp;amp; Li, CVPR 2019).&lt;/p&gt;</source>
        <translation>&lt;h2&gt;OriNet Studio %1&lt;/h2&gt;&lt;p&gt;Blickwinkelübergreifende Geolokalisierung mit orientierungsbewussten Netzen (Liu &amp;amp; Li, CVPR 2019).&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>orinet::BackgroundJob</name>
    <message>
        <location filename="../app/gui/backgroundjob.cpp" line="52"/>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
</context>
<context>
    <name>orinet::CrossViewLink</name>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="193"/>
        <source>panorama (%1, %2): yaw %3° (%4), pitch %5° %6</source>
        <translation>Panorama (%1, %2): Gierwinkel %3° (%4), Neigung %5° %6</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="199"/>
        <source>(below the horizon: flat ground %1 m away for a camera %2 m high)</source>
        <translation>(unter dem Horizont: ebener Boden in %1 m Entfernung bei %2 m Kamerahöhe)</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="203"/>
        <source>(above the horizon)</source>
        <translation>(über dem Horizont)</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="211"/>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="212"/>
        <source>%1 px</source>
        <translation>%1 px</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="213"/>
        <source>tile (%1, %2): azimuth %3° (%4), %5 from the centre</source>
        <translation>Kachel (%1, %2): Azimut %3° (%4), %5 von der Mitte</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="223"/>
        <source>, panorama column %1</source>
        <translation>, Panoramaspalte %1</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="270"/>
        <source>network input</source>
        <translation>Netzeingabe</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="280"/>
        <location filename="../widgets/crossviewlink.cpp" line="320"/>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="280"/>
        <location filename="../widgets/crossviewlink.cpp" line="320"/>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="280"/>
        <location filename="../widgets/crossviewlink.cpp" line="320"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location filename="../widgets/crossviewlink.cpp" line="280"/>
        <location filename="../widgets/crossviewlink.cpp" line="320"/>
        <source>E</source>
        <translation>O</translation>
    </message>
</context>
<context>
    <name>orinet::DatasetPanel</name>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="49"/>
        <source>No dataset open. File ▸ Open Dataset… reads CVUSA, CVACT and CSV layouts.</source>
        <translation>Kein Datensatz geöffnet. Datei ▸ Datensatz öffnen… liest CVUSA-, CVACT- und CSV-Layouts.</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="55"/>
        <source>Thumbnails</source>
        <translation>Vorschaubilder</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="64"/>
        <source>Orientation overlay</source>
        <translation>Orientierung überlagern</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="70"/>
        <source>Search id…</source>
        <translation>ID suchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="74"/>
        <source>List</source>
        <translation>Liste</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="75"/>
        <source>Grid</source>
        <translation>Raster</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="85"/>
        <source>Show each pair&apos;s panorama and tile in the list</source>
        <translation>Panorama und Kachel jedes Paares in der Liste zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="129"/>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="207"/>
        <source>Opening dataset</source>
        <translation>Datensatz wird geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="221"/>
        <source> · %1 %2</source>
        <translation> · %1 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="224"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 layout · %3 pairs%4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Layout %2 · %3 Paare%4</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="418"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · pair %2 · split: %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Paar %2 · Aufteilung: %3</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="421"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="423"/>
        <source> · &lt;i&gt;not in the list (hidden by the split filter or the search)&lt;/i&gt;</source>
        <translation> · &lt;i&gt;nicht in der Liste (durch Aufteilungsfilter oder Suche ausgeblendet)&lt;/i&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="425"/>
        <source>Panorama: %1</source>
        <translation>Panorama: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="427"/>
        <source>Tile: %1</source>
        <translation>Kachel: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="432"/>
        <source>unknown zone</source>
        <translation>unbekannte Zone</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="433"/>
        <source>UTM %1: E %2 m, N %3 m</source>
        <translation>UTM %1: E %2 m, N %3 m</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="438"/>
        <source>No position</source>
        <translation>Keine Position</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="441"/>
        <source>Latitude %1°, longitude %2°</source>
        <translation>Breite %1°, Länge %2°</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="239"/>
        <source>all pairs</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="260"/>
        <source>Could not open the dataset: %1</source>
        <translation>Der Datensatz konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="306"/>
        <source>%1 of %2 pairs</source>
        <translation>%1 von %2 Paaren</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="367"/>
        <location filename="../app/gui/datasetpanel.cpp" line="369"/>
        <source>cannot read %1</source>
        <translation>%1 ist nicht lesbar</translation>
    </message>
</context>
<context>
    <name>orinet::EvaluationPanel</name>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="40"/>
        <source>Evaluate</source>
        <translation>Auswerten</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="41"/>
        <source>Train a run (or pick a run folder), then evaluate it on a split of the open dataset.</source>
        <translation>Einen Lauf trainieren (oder einen Laufordner wählen) und ihn dann auf einer Aufteilung des geöffneten Datensatzes auswerten.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="45"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="46"/>
        <source>ground → satellite</source>
        <translation>Boden → Satellit</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="47"/>
        <source>satellite → ground</source>
        <translation>Satellit → Boden</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="52"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="55"/>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="78"/>
        <source>Run folder</source>
        <translation>Laufordner</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="115"/>
        <source>Open a dataset first: evaluation extracts descriptors from its images.</source>
        <translation>Zuerst einen Datensatz öffnen: Die Auswertung berechnet Deskriptoren aus seinen Bildern.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="121"/>
        <source>No run folder at &apos;%1&apos;.</source>
        <translation>Kein Laufordner unter „%1“.</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="131"/>
        <source>Evaluating</source>
        <translation>Auswertung läuft</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="157"/>
        <source>Evaluation failed: %1</source>
        <translation>Auswertung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="165"/>
        <source>&lt;b&gt;%1 queries, %2 gallery&lt;/b&gt; · r@1 %3 · r@5 %4 · r@10 %5 · r@1% %6 (strict %7) · median rank %8</source>
        <translation>&lt;b&gt;%1 Anfragen, Galerie %2&lt;/b&gt; · r@1 %3 · r@5 %4 · r@10 %5 · r@1% %6 (streng %7) · Median-Rang %8</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="174"/>
        <source> · geo-r@1 within %1 m: %2</source>
        <translation> · Geo-r@1 innerhalb %1 m: %2</translation>
    </message>
</context>
<context>
    <name>orinet::FailureInspector</name>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="82"/>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="96"/>
        <source>Orientation overlay</source>
        <translation>Orientierung überlagern</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="107"/>
        <source>rank &gt; </source>
        <translation>Rang &gt; </translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="108"/>
        <source>any rank</source>
        <translation>jeder Rang</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="109"/>
        <source>Show only queries whose true match is not among the first K</source>
        <translation>Nur Anfragen zeigen, deren richtiger Treffer nicht unter den ersten K ist</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="113"/>
        <source>geo error &gt; </source>
        <translation>Geo-Fehler &gt; </translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="114"/>
        <source> m</source>
        <translation> m</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="115"/>
        <source>any geo error</source>
        <translation>jeder Geo-Fehler</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="116"/>
        <source>Show only queries whose top-1 lies farther than this from the true location</source>
        <translation>Nur Anfragen zeigen, deren erster Treffer weiter als dies vom wahren Ort entfernt liegt</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="118"/>
        <location filename="../app/gui/failureinspector.cpp" line="557"/>
        <source>any tag</source>
        <translation>jedes Schlagwort</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="119"/>
        <source>Search id…</source>
        <translation>ID suchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="121"/>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="122"/>
        <source>Write the listed queries, in this order, to a CSV file</source>
        <translation>Die aufgelisteten Anfragen in dieser Reihenfolge in eine CSV-Datei schreiben</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="151"/>
        <source>Double-click to zoom</source>
        <translation>Doppelklick zum Vergrößern</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="155"/>
        <source>Double-click to zoom; Left/Right in the table moves between items</source>
        <translation>Doppelklick zum Vergrößern; Links/Rechts in der Tabelle wechselt zwischen den Treffern</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="170"/>
        <source>tags, comma-separated</source>
        <translation>Schlagwörter, durch Kommas getrennt</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="171"/>
        <source>note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="174"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="176"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="224"/>
        <source>Notes not saved: %1</source>
        <translation>Notizen nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="268"/>
        <source>Notes are not saved: %1</source>
        <translation>Notizen werden nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="430"/>
        <source>query panorama %1</source>
        <translation>Anfrage-Panorama %1</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="431"/>
        <source>query tile %1</source>
        <translation>Anfrage-Kachel %1</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="433"/>
        <source>true tile</source>
        <translation>richtige Kachel</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="433"/>
        <source>true panorama</source>
        <translation>richtiges Panorama</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="445"/>
        <source>#%1 · %2</source>
        <translation>#%1 · %2</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="449"/>
        <source>✓ true</source>
        <translation>✓ richtig</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="462"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · true match at rank %2 · true score %3 · top-1 %4 (score %5)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · richtiger Treffer auf Rang %2 · dessen Ähnlichkeit %3 · erster Treffer %4 (Ähnlichkeit %5)</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="470"/>
        <source>, %1 from the true location</source>
        <translation>, %1 vom wahren Ort entfernt</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="550"/>
        <source>%1 of %2 queries</source>
        <translation>%1 von %2 Anfragen</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="580"/>
        <location filename="../app/gui/failureinspector.cpp" line="586"/>
        <source>Export queries</source>
        <translation>Anfragen exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="581"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../app/gui/failureinspector.cpp" line="193"/>
        <source>Hover the query: its bearings are drawn on every tile (or the panorama columns that look at a hovered tile pixel).</source>
        <translation>Maus über die Anfrage: ihre Blickrichtungen erscheinen auf jeder Kachel (oder die Panoramaspalten, die auf ein Kachelpixel unter der Maus blicken).</translation>
    </message>
</context>
<context>
    <name>orinet::FirstStartPage</name>
    <message>
        <location filename="../app/gui/firststartpage.cpp" line="55"/>
        <source>Welcome to OriNet Studio</source>
        <translation>Willkommen bei OriNet Studio</translation>
    </message>
    <message>
        <location filename="../app/gui/firststartpage.cpp" line="56"/>
        <source>This first start generates a small synthetic town with street panoramas, satellite tiles and positions, so every workspace has something to show without a download. This happens only once; the bar below shows the time left.&lt;br&gt;&lt;br&gt;Folder: %1</source>
        <translation>Beim ersten Start entsteht eine kleine synthetische Stadt mit Straßenpanoramen, Satellitenkacheln und Positionen, damit jeder Arbeitsbereich ohne Download etwas zu zeigen hat. Das geschieht nur einmal; der Balken unten zeigt die verbleibende Zeit.&lt;br&gt;&lt;br&gt;Ordner: %1</translation>
    </message>
</context>
<context>
    <name>orinet::HeatMapPanel</name>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="49"/>
        <location filename="../app/gui/heatmappanel.cpp" line="218"/>
        <source>Describe Places</source>
        <translation>Orte beschreiben</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="53"/>
        <source>run folder</source>
        <translation>Lauf-Ordner</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="54"/>
        <source>The run whose model describes the places (its checkpoint); the descriptors are cached in RUN/heatmap</source>
        <translation>Der Lauf, dessen Modell die Orte beschreibt (sein Checkpoint); die Deskriptoren werden in RUN/heatmap zwischengespeichert</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="56"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="58"/>
        <source>Choose a run folder</source>
        <translation>Lauf-Ordner wählen</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="62"/>
        <source> m</source>
        <translation> m</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="65"/>
        <source>Distance between the places that are scored</source>
        <translation>Abstand zwischen den bewerteten Orten</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="67"/>
        <source>Side of the tile cut at each place: the ground extent of the dataset&apos;s satellite tiles</source>
        <translation>Seitenlänge der an jedem Ort ausgeschnittenen Kachel: die Bodenausdehnung der Satellitenkacheln des Datensatzes</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="72"/>
        <source>Shows where the model thinks the selected panorama was taken.</source>
        <translation>Zeigt, wo das Modell die Aufnahme des gewählten Panoramas vermutet.</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="80"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="81"/>
        <source>Spacing</source>
        <translation>Abstand</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="82"/>
        <source>Footprint</source>
        <translation>Kachelgröße</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="83"/>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="86"/>
        <source>&lt;b&gt;Heat map&lt;/b&gt;</source>
        <translation>&lt;b&gt;Heatmap&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="92"/>
        <source>Run folder</source>
        <translation>Lauf-Ordner</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="164"/>
        <source>Open a dataset with a base raster first.</source>
        <translation>Zuerst einen Datensatz mit Grundkarte öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="168"/>
        <source>Choose the run folder of a trained model.</source>
        <translation>Den Lauf-Ordner eines trainierten Modells wählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="186"/>
        <source>Describing places for the heat map</source>
        <translation>Orte für die Heatmap beschreiben</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="193"/>
        <source>Describing places: %1 % (%2)</source>
        <translation>Orte werden beschrieben: %1 % (%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="199"/>
        <source>%1 places (%2 x %3), cache %4 MB</source>
        <translation>%1 Orte (%2 x %3), Zwischenspeicher %4 MB</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="206"/>
        <source>, described at %1 places/s</source>
        <translation>, beschrieben mit %1 Orten/s</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="213"/>
        <source>Describing places failed: %1</source>
        <translation>Beschreiben der Orte fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="216"/>
        <source>Canceled. Describe Places continues where it stopped.</source>
        <translation>Abgebrochen. „Orte beschreiben“ macht dort weiter, wo es aufgehört hat.</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="219"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="263"/>
        <source>Heat map failed: %1</source>
        <translation>Heatmap fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="273"/>
        <source>Similarity of %1 to each place</source>
        <translation>Ähnlichkeit von %1 zu jedem Ort</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmappanel.cpp" line="293"/>
        <source>Heat map of %1: best place scores %2, %3 peaks marked</source>
        <translation>Heatmap von %1: bester Ort %2, %3 Maxima markiert</translation>
    </message>
</context>
<context>
    <name>orinet::ImageView</name>
    <message>
        <location filename="../widgets/imageview.cpp" line="76"/>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
    <message>
        <location filename="../widgets/imageview.cpp" line="103"/>
        <location filename="../widgets/imageview.cpp" line="110"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location filename="../widgets/imageview.cpp" line="103"/>
        <location filename="../widgets/imageview.cpp" line="110"/>
        <source>E</source>
        <translation>O</translation>
    </message>
    <message>
        <location filename="../widgets/imageview.cpp" line="103"/>
        <location filename="../widgets/imageview.cpp" line="110"/>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <location filename="../widgets/imageview.cpp" line="103"/>
        <location filename="../widgets/imageview.cpp" line="110"/>
        <source>W</source>
        <translation>W</translation>
    </message>
</context>
<context>
    <name>orinet::JobStatusWidget</name>
    <message>
        <location filename="../app/gui/jobstatuswidget.cpp" line="39"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/jobstatuswidget.cpp" line="40"/>
        <source>Stop the running job at its next step</source>
        <translation>Den laufenden Auftrag beim nächsten Schritt anhalten</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobstatuswidget.cpp" line="56"/>
        <source>about %n s left</source>
        <translation>
            <numerusform>noch etwa %n s</numerusform>
            <numerusform>noch etwa %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobstatuswidget.cpp" line="59"/>
        <source>about %n min left</source>
        <translation>
            <numerusform>noch etwa %n min</numerusform>
            <numerusform>noch etwa %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobstatuswidget.cpp" line="60"/>
        <source>about %n h left</source>
        <translation>
            <numerusform>noch etwa %n Std.</numerusform>
            <numerusform>noch etwa %n Std.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/jobstatuswidget.cpp" line="33"/>
        <source>%1: stopping…</source>
        <translation>%1: wird angehalten…</translation>
    </message>
</context>
<context>
    <name>orinet::MainWindow</name>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="180"/>
        <source>OriNet Studio</source>
        <translation>OriNet Studio</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="181"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="182"/>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="183"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="184"/>
        <source>Evaluation</source>
        <translation>Auswertung</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="85"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="88"/>
        <source>Could not open the dataset: %1</source>
        <translation>Der Datensatz konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="170"/>
        <source>Language changed. Some workspaces switch at the next start.</source>
        <translation>Sprache gewechselt. Einige Arbeitsbereiche wechseln erst beim nächsten Start.</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="187"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="188"/>
        <source>&amp;Open Dataset…</source>
        <translation>Datensatz ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="189"/>
        <source>Open &amp;Demo World</source>
        <translation>&amp;Demo-Welt öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="190"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="191"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="192"/>
        <source>&amp;Full Screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="193"/>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="194"/>
        <source>&amp;System Default</source>
        <translation>&amp;Systemvorgabe</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="195"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="196"/>
        <source>&amp;About OriNet Studio</source>
        <translation>&amp;Über OriNet Studio</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="197"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/mainwindow.cpp" line="199"/>
        <source>CPU · %n thread(s) · BLAS: %1</source>
        <translation>
            <numerusform>CPU · %n Thread · BLAS: %1</numerusform>
            <numerusform>CPU · %n Threads · BLAS: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="217"/>
        <source>Open Dataset (CVUSA, CVACT or pairs.csv folder)</source>
        <translation>Datensatz öffnen (Ordner mit CVUSA, CVACT oder pairs.csv)</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="237"/>
        <source>Generating the demo world</source>
        <translation>Demo-Welt wird erzeugt</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="244"/>
        <source>Demo world</source>
        <translation>Demo-Welt</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="245"/>
        <source>The demo world could not be generated:
%1</source>
        <translation>Die Demo-Welt konnte nicht erzeugt werden:
%1</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="185"/>
        <source>Orientation</source>
        <translation>Orientierung</translation>
    </message>
</context>
<context>
    <name>orinet::MapCanvas</name>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="189"/>
        <source>%1 km</source>
        <translation>%1 km</translation>
    </message>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="190"/>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="191"/>
        <source>%1 cm</source>
        <translation>%1 cm</translation>
    </message>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="234"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="253"/>
        <location filename="../widgets/mapcanvas.cpp" line="258"/>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="261"/>
        <source>unknown image format &apos;%1&apos; (use .png, .jpg, .tif or .pdf)</source>
        <translation>unbekanntes Bildformat „%1“ (.png, .jpg, .tif oder .pdf verwenden)</translation>
    </message>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="269"/>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>orinet::MapPanel</name>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="67"/>
        <source>No map. A dataset with positions shows its pairs here; a synthetic world also shows its GeoTIFF.</source>
        <translation>Keine Karte. Ein Datensatz mit Positionen zeigt hier seine Paare; eine synthetische Welt zeigt auch ihr GeoTIFF.</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="70"/>
        <location filename="../app/gui/mappanel.cpp" line="261"/>
        <source>Click a pair on the map to identify it.</source>
        <translation>Ein Paar auf der Karte anklicken, um es zu bestimmen.</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="71"/>
        <source>Show in Dataset Browser</source>
        <translation>Im Datensatz-Browser zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="73"/>
        <source>Heat map</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="74"/>
        <source>Pairs</source>
        <translation>Paare</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="75"/>
        <source>Geo-recall circles</source>
        <translation>Geo-Recall-Kreise</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="76"/>
        <source>Query and top-K</source>
        <translation>Anfrage und Top-K</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="77"/>
        <source>Viewing ray</source>
        <translation>Blickrichtung</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="78"/>
        <source>Selected pair</source>
        <translation>Ausgewähltes Paar</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="100"/>
        <source>Open Raster…</source>
        <translation>Raster öffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="100"/>
        <source>Show any georeferenced raster (GeoTIFF, …) as the base map</source>
        <translation>Ein beliebiges georeferenziertes Raster (GeoTIFF, …) als Grundkarte zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="102"/>
        <source>Zoom to All</source>
        <translation>Alles zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="102"/>
        <source>Show every layer (Home)</source>
        <translation>Alle Ebenen zeigen (Pos1)</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="104"/>
        <source>Fit to Results</source>
        <translation>Auf Ergebnisse einpassen</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="104"/>
        <source>Show the highlighted query and its retrieved pairs</source>
        <translation>Die hervorgehobene Anfrage und ihre Treffer zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="105"/>
        <source>Export View…</source>
        <translation>Ansicht exportieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="105"/>
        <source>Save the view as PNG or PDF</source>
        <translation>Die Ansicht als PNG oder PDF speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="113"/>
        <source>Layers</source>
        <translation>Ebenen</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="121"/>
        <source>&lt;b&gt;Identify&lt;/b&gt;</source>
        <translation>&lt;b&gt;Bestimmen&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="214"/>
        <source>Cannot show the base map: %1</source>
        <translation>Die Grundkarte kann nicht gezeigt werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="224"/>
        <source>Reading the base map failed: %1</source>
        <translation>Lesen der Grundkarte fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/mappanel.cpp" line="229"/>
        <source>%n overview level(s)</source>
        <translation>
            <numerusform>%n Übersichtsstufe</numerusform>
            <numerusform>%n Übersichtsstufen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="230"/>
        <source>no overviews: zoomed-out views read the full raster (build them with gdaladdo)</source>
        <translation>keine Übersichten: Verkleinerte Ansichten lesen das ganze Raster (mit gdaladdo erzeugen)</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="231"/>
        <source>Base map %1: %2 x %3 px, %4, %5, %6</source>
        <translation>Grundkarte %1: %2 x %3 px, %4, %5, %6</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="299"/>
        <source>no split</source>
        <translation>keine Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="346"/>
        <source>Cannot place the pairs on this map: %1</source>
        <translation>Die Paare lassen sich auf dieser Karte nicht platzieren: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="351"/>
        <source>%1 of %2 pairs have positions. Click a pair to identify it.</source>
        <translation>%1 von %2 Paaren haben Positionen. Ein Paar anklicken, um es zu bestimmen.</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="381"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="422"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="445"/>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="475"/>
        <source>query</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="531"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;split: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Aufteilung: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="534"/>
        <source>&lt;br&gt;UTM %1%2: E %3, N %4</source>
        <translation>&lt;br&gt;UTM %1%2: E %3, N %4</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="543"/>
        <source>&lt;br&gt;%1°, %2°</source>
        <translation>&lt;br&gt;%1°, %2°</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="547"/>
        <source>&lt;br&gt;no position</source>
        <translation>&lt;br&gt;keine Position</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="549"/>
        <source>&lt;br&gt;panorama: %1&lt;br&gt;tile: %2</source>
        <translation>&lt;br&gt;Panorama: %1&lt;br&gt;Kachel: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="580"/>
        <source>lon %1, lat %2</source>
        <translation>Länge %1, Breite %2</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="582"/>
        <source>E %1  N %2</source>
        <translation>E %1  N %2</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="587"/>
        <source>  ·  %1° %2, %3° %4</source>
        <translation>  ·  %1° %2, %3° %4</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="589"/>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="589"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="591"/>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="591"/>
        <source>E</source>
        <translation>O</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="602"/>
        <source>Export Map View</source>
        <translation>Kartenansicht exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="603"/>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="607"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="607"/>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="613"/>
        <source>Open Base Map</source>
        <translation>Grundkarte öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="614"/>
        <source>Rasters (*.tif *.tiff *.vrt *.jp2 *.img *.png *.jpg);;All files (*)</source>
        <translation>Raster (*.tif *.tiff *.vrt *.jp2 *.img *.png *.jpg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="348"/>
        <source>This dataset has no positions (CVUSA&apos;s split files carry none); CVACT and CSV datasets do.</source>
        <translation>Dieser Datensatz hat keine Positionen (die Aufteilungsdateien von CVUSA enthalten keine); CVACT- und CSV-Datensätze schon.</translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="79"/>
        <source>Heat-map peaks</source>
        <translation>Heatmap-Maxima</translation>
    </message>
</context>
<context>
    <name>orinet::OrientationPanel</name>
    <message>
        <location filename="../app/gui/orientationpanel.cpp" line="33"/>
        <source>Panorama rows</source>
        <translation>Panoramazeilen</translation>
    </message>
    <message>
        <location filename="../app/gui/orientationpanel.cpp" line="34"/>
        <source>Panorama columns</source>
        <translation>Panoramaspalten</translation>
    </message>
    <message>
        <location filename="../app/gui/orientationpanel.cpp" line="35"/>
        <source>Tile size</source>
        <translation>Kachelgröße</translation>
    </message>
    <message>
        <location filename="../app/gui/orientationpanel.cpp" line="36"/>
        <source>Hue = direction (yaw / azimuth, clockwise from north); brightness = pitch (panorama) or radius (tile). The same compass direction has the same hue in both.</source>
        <translation>Farbton = Richtung (Gier- bzw. Azimutwinkel, im Uhrzeigersinn ab Norden); Helligkeit = Neigung (Panorama) oder Radius (Kachel). Dieselbe Himmelsrichtung hat in beiden denselben Farbton.</translation>
    </message>
    <message>
        <location filename="../app/gui/orientationpanel.cpp" line="43"/>
        <source>Ground: yaw, pitch</source>
        <translation>Boden: Gier, Nick</translation>
    </message>
    <message>
        <location filename="../app/gui/orientationpanel.cpp" line="45"/>
        <source>Satellite: azimuth, radius</source>
        <translation>Satellit: Azimut, Radius</translation>
    </message>
</context>
<context>
    <name>orinet::PairTableModel</name>
    <message>
        <location filename="../app/gui/pairtablemodel.cpp" line="113"/>
        <source>Id</source>
        <translation>Kennung</translation>
    </message>
    <message>
        <location filename="../app/gui/pairtablemodel.cpp" line="115"/>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/pairtablemodel.cpp" line="117"/>
        <source>Easting (m)</source>
        <translation>Ostwert (m)</translation>
    </message>
    <message>
        <location filename="../app/gui/pairtablemodel.cpp" line="119"/>
        <source>Northing (m)</source>
        <translation>Nordwert (m)</translation>
    </message>
    <message>
        <location filename="../app/gui/pairtablemodel.cpp" line="121"/>
        <source>Latitude</source>
        <translation>Breite</translation>
    </message>
    <message>
        <location filename="../app/gui/pairtablemodel.cpp" line="123"/>
        <source>Longitude</source>
        <translation>Länge</translation>
    </message>
</context>
<context>
    <name>orinet::PairViewer</name>
    <message>
        <location filename="../widgets/pairviewer.cpp" line="22"/>
        <source>Hover the panorama or the tile: the same direction is shown in both.</source>
        <translation>Maus über Panorama oder Kachel: dieselbe Richtung wird in beiden gezeigt.</translation>
    </message>
</context>
<context>
    <name>orinet::QueryTableModel</name>
    <message>
        <location filename="../app/gui/querytablemodel.cpp" line="178"/>
        <source>Rank of the true match (1 = retrieved first)</source>
        <translation>Rang des richtigen Treffers (1 = als erster gefunden)</translation>
    </message>
    <message>
        <location filename="../app/gui/querytablemodel.cpp" line="180"/>
        <source>Similarity of the query and its true match</source>
        <translation>Ähnlichkeit von Anfrage und richtigem Treffer</translation>
    </message>
    <message>
        <location filename="../app/gui/querytablemodel.cpp" line="182"/>
        <source>Similarity of the query and the item retrieved first</source>
        <translation>Ähnlichkeit von Anfrage und erstem Treffer</translation>
    </message>
    <message>
        <location filename="../app/gui/querytablemodel.cpp" line="184"/>
        <source>Ground distance between the item retrieved first and the true location</source>
        <translation>Entfernung am Boden zwischen erstem Treffer und wahrem Ort</translation>
    </message>
    <message>
        <location filename="../app/gui/querytablemodel.cpp" line="193"/>
        <source>Query</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../app/gui/querytablemodel.cpp" line="195"/>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../app/gui/querytablemodel.cpp" line="197"/>
        <source>True score</source>
        <translation>Ähnl. richtig</translation>
    </message>
    <message>
        <location filename="../app/gui/querytablemodel.cpp" line="199"/>
        <source>Top-1 score</source>
        <translation>Ähnl. Top-1</translation>
    </message>
    <message>
        <location filename="../app/gui/querytablemodel.cpp" line="201"/>
        <source>Top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <location filename="../app/gui/querytablemodel.cpp" line="203"/>
        <source>Geo error (m)</source>
        <translation>Geo-Fehler (m)</translation>
    </message>
    <message>
        <location filename="../app/gui/querytablemodel.cpp" line="205"/>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location filename="../app/gui/querytablemodel.cpp" line="207"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
</context>
<context>
    <name>orinet::TrainingPanel</name>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="34"/>
        <location filename="../app/gui/trainingpanel.cpp" line="163"/>
        <source>No dataset open.</source>
        <translation>Kein Datensatz geöffnet.</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="42"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="43"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="44"/>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="56"/>
        <source>RGB + orientation (paper)</source>
        <translation>RGB + Orientierung (Paper)</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="57"/>
        <source>RGB only (ablation)</source>
        <translation>nur RGB (Ablation)</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="75"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="81"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="82"/>
        <location filename="../app/gui/trainingpanel.cpp" line="145"/>
        <source>Run folder</source>
        <translation>Laufordner</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="83"/>
        <source>Input size</source>
        <translation>Eingabegröße</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="84"/>
        <source>Orientation</source>
        <translation>Orientierung</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="85"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="86"/>
        <source>Batch size</source>
        <translation>Stapelgröße</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="87"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="88"/>
        <source>Seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="104"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="105"/>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="106"/>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="107"/>
        <source>validation recall (%)</source>
        <translation>Validierungs-Recall (%)</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="114"/>
        <source>r@1%</source>
        <translation>r@1%</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="119"/>
        <source>r@1</source>
        <translation>r@1</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="184"/>
        <source>Stopping after the current step; a checkpoint will be written.</source>
        <translation>Stopp nach dem aktuellen Schritt; ein Checkpoint wird geschrieben.</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="192"/>
        <source>Open a dataset first.</source>
        <translation>Bitte zuerst einen Datensatz öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="196"/>
        <source>The dataset has no &apos;train&apos; split.</source>
        <translation>Der Datensatz hat keine Aufteilung „train“.</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="221"/>
        <source>Resuming training</source>
        <translation>Training wird fortgesetzt</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="221"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="267"/>
        <source>Finished. Evaluate the run in the Evaluation tab.</source>
        <translation>Fertig. Den Lauf im Reiter Auswertung auswerten.</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="269"/>
        <source>Stopped; the last checkpoint is kept. Resume continues the run.</source>
        <translation>Angehalten; der letzte Checkpoint bleibt erhalten. Fortsetzen setzt den Lauf fort.</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="272"/>
        <source>Training stopped: %1</source>
        <translation>Training beendet: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="273"/>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="279"/>
        <source>Training with %1 threads…</source>
        <translation>Training mit %1 Threads…</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="286"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="289"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="291"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="292"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="296"/>
        <source>epoch %1/%2 · step %3/%4 · loss %5 · ETA %6</source>
        <translation>Epoche %1/%2 · Schritt %3/%4 · Verlust %5 · Restzeit %6</translation>
    </message>
</context>
<context>
    <name>orinet::ZoomView</name>
    <message>
        <location filename="../widgets/zoomview.cpp" line="73"/>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
    <message>
        <location filename="../widgets/zoomview.cpp" line="94"/>
        <source>%1 %  ·  wheel: zoom  ·  drag: pan  ·  double-click: fit</source>
        <translation>%1 %  ·  Rad: Zoom  ·  Ziehen: Verschieben  ·  Doppelklick: Einpassen</translation>
    </message>
</context>
</TS>
