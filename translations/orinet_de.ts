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
        <translation type="unfinished"></translation>
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
    <name>orinet::DatasetPanel</name>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="31"/>
        <source>No dataset open. File ▸ Open Dataset… reads CVUSA, CVACT and CSV layouts.</source>
        <translation>Kein Datensatz geöffnet. Datei ▸ Datensatz öffnen… liest CVUSA-, CVACT- und CSV-Layouts.</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="38"/>
        <source>Orientation overlay</source>
        <translation>Orientierung überlagern</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="52"/>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="102"/>
        <source>Opening dataset</source>
        <translation>Datensatz wird geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="113"/>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 layout · %3 pairs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="122"/>
        <source>all pairs</source>
        <translation>alle Paare</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="129"/>
        <source>Could not open the dataset: %1</source>
        <translation>Der Datensatz konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/datasetpanel.cpp" line="174"/>
        <location filename="../app/gui/datasetpanel.cpp" line="176"/>
        <source>cannot read %1</source>
        <translation>%1 ist nicht lesbar</translation>
    </message>
</context>
<context>
    <name>orinet::EvaluationPanel</name>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="57"/>
        <source>Evaluate</source>
        <translation>Auswerten</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="58"/>
        <source>Train a run (or pick a run folder), then evaluate it on a split of the open dataset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="64"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="65"/>
        <source>ground → satellite</source>
        <translation>Boden → Satellit</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="66"/>
        <source>satellite → ground</source>
        <translation>Satellit → Boden</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="68"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="71"/>
        <source>Split</source>
        <translation>Aufteilung</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="80"/>
        <source>Query</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="80"/>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="80"/>
        <source>Nearest</source>
        <translation>Nächster</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="80"/>
        <source>Score</source>
        <translation>Ähnlichkeit</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="88"/>
        <source>query</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="90"/>
        <source>true tile</source>
        <translation>richtige Kachel</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="95"/>
        <location filename="../app/gui/evaluationpanel.cpp" line="296"/>
        <source>#%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="120"/>
        <source>Run folder</source>
        <translation>Laufordner</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="158"/>
        <source>Open a dataset first: evaluation extracts descriptors from its images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="164"/>
        <source>No run folder at &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="174"/>
        <source>Evaluating</source>
        <translation>Auswertung läuft</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="192"/>
        <source>Evaluation failed: %1</source>
        <translation>Auswertung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="200"/>
        <source>&lt;b&gt;%1 queries, %2 gallery&lt;/b&gt; · r@1 %3 · r@5 %4 · r@10 %5 · r@1% %6 (strict %7) · median rank %8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="209"/>
        <source> · geo-r@1 within %1 m: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/evaluationpanel.cpp" line="295"/>
        <source>#%1 ✓</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>orinet::FirstStartPage</name>
    <message>
        <location filename="../app/gui/firststartpage.cpp" line="48"/>
        <source>Welcome to OriNet Studio</source>
        <translation>Willkommen bei OriNet Studio</translation>
    </message>
    <message>
        <location filename="../app/gui/firststartpage.cpp" line="49"/>
        <source>This first start generates a small synthetic town with street panoramas, satellite tiles and positions, so every workspace has something to show without a download. It takes a few seconds and happens once.&lt;br&gt;&lt;br&gt;Folder: %1</source>
        <translation>Beim ersten Start entsteht eine kleine synthetische Stadt mit Straßenpanoramen, Satellitenkacheln und Positionen, damit jeder Arbeitsbereich ohne Download etwas zu zeigen hat. Das dauert einige Sekunden und geschieht nur einmal.&lt;br&gt;&lt;br&gt;Ordner: %1</translation>
    </message>
</context>
<context>
    <name>orinet::ImageView</name>
    <message>
        <location filename="../widgets/imageview.cpp" line="55"/>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
    <message>
        <location filename="../widgets/imageview.cpp" line="82"/>
        <location filename="../widgets/imageview.cpp" line="89"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location filename="../widgets/imageview.cpp" line="82"/>
        <location filename="../widgets/imageview.cpp" line="89"/>
        <source>E</source>
        <translation>O</translation>
    </message>
    <message>
        <location filename="../widgets/imageview.cpp" line="82"/>
        <location filename="../widgets/imageview.cpp" line="89"/>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <location filename="../widgets/imageview.cpp" line="82"/>
        <location filename="../widgets/imageview.cpp" line="89"/>
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
        <location filename="../app/gui/mainwindow.cpp" line="158"/>
        <source>OriNet Studio</source>
        <translation>OriNet Studio</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="159"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="160"/>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="161"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="162"/>
        <source>Evaluation</source>
        <translation>Auswertung</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="82"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="85"/>
        <source>Could not open the dataset: %1</source>
        <translation>Der Datensatz konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="165"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="166"/>
        <source>&amp;Open Dataset…</source>
        <translation>Datensatz ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="167"/>
        <source>Open &amp;Demo World</source>
        <translation>&amp;Demo-Welt öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="168"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="169"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="170"/>
        <source>&amp;Full Screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="171"/>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="172"/>
        <source>&amp;System Default</source>
        <translation>&amp;Systemvorgabe</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="173"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="174"/>
        <source>&amp;About OriNet Studio</source>
        <translation>&amp;Über OriNet Studio</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="175"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/mainwindow.cpp" line="177"/>
        <source>CPU · %n thread(s) · BLAS: %1</source>
        <translation>
            <numerusform>CPU · %n Thread · BLAS: %1</numerusform>
            <numerusform>CPU · %n Threads · BLAS: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="195"/>
        <source>Open Dataset (CVUSA, CVACT or pairs.csv folder)</source>
        <translation>Datensatz öffnen (Ordner mit CVUSA, CVACT oder pairs.csv)</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="214"/>
        <source>Generating the demo world</source>
        <translation>Demo-Welt wird erzeugt</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="221"/>
        <source>Demo world</source>
        <translation>Demo-Welt</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="222"/>
        <source>The demo world could not be generated:
%1</source>
        <translation>Die Demo-Welt konnte nicht erzeugt werden:
%1</translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="163"/>
        <source>Orientation</source>
        <translation>Orientierung</translation>
    </message>
</context>
<context>
    <name>orinet::MapCanvas</name>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="103"/>
        <source>%1 km</source>
        <translation>%1 km</translation>
    </message>
    <message>
        <location filename="../widgets/mapcanvas.cpp" line="103"/>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
</context>
<context>
    <name>orinet::MapPanel</name>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="18"/>
        <source>No map. A dataset with positions shows its pairs here; a synthetic world also shows its GeoTIFF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="105"/>
        <source>query / true tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="107"/>
        <source>%1 of %2 pairs have positions. Click a marker to open the pair.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mappanel.cpp" line="110"/>
        <source>This dataset has no positions (CVUSA&apos;s split files carry none); CVACT and CSV datasets do.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
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
        <location filename="../app/gui/pairtablemodel.cpp" line="56"/>
        <source>Id</source>
        <translation>Kennung</translation>
    </message>
    <message>
        <location filename="../app/gui/pairtablemodel.cpp" line="58"/>
        <source>Easting (m)</source>
        <translation>Rechtswert (m)</translation>
    </message>
    <message>
        <location filename="../app/gui/pairtablemodel.cpp" line="60"/>
        <source>Northing (m)</source>
        <translation>Hochwert (m)</translation>
    </message>
</context>
<context>
    <name>orinet::TrainingPanel</name>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="32"/>
        <location filename="../app/gui/trainingpanel.cpp" line="161"/>
        <source>No dataset open.</source>
        <translation>Kein Datensatz geöffnet.</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="40"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="41"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="42"/>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="54"/>
        <source>RGB + orientation (paper)</source>
        <translation>RGB + Orientierung (Paper)</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="55"/>
        <source>RGB only (ablation)</source>
        <translation>nur RGB (Ablation)</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="73"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="79"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="80"/>
        <location filename="../app/gui/trainingpanel.cpp" line="143"/>
        <source>Run folder</source>
        <translation>Laufordner</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="81"/>
        <source>Input size</source>
        <translation>Eingabegröße</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="82"/>
        <source>Orientation</source>
        <translation>Orientierung</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="83"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="84"/>
        <source>Batch size</source>
        <translation>Stapelgröße</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="85"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="86"/>
        <source>Seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="102"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="103"/>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="104"/>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="105"/>
        <source>validation recall (%)</source>
        <translation>Validierungs-Recall (%)</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="112"/>
        <source>r@1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="117"/>
        <source>r@1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="182"/>
        <source>Stopping after the current step; a checkpoint will be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="190"/>
        <source>Open a dataset first.</source>
        <translation>Bitte zuerst einen Datensatz öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="194"/>
        <source>The dataset has no &apos;train&apos; split.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="219"/>
        <source>Resuming training</source>
        <translation>Training wird fortgesetzt</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="219"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="266"/>
        <source>Finished. Evaluate the run in the Evaluation tab.</source>
        <translation>Fertig. Den Lauf im Reiter Auswertung auswerten.</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="268"/>
        <source>Stopped; the last checkpoint is kept. Resume continues the run.</source>
        <translation>Angehalten; der letzte Checkpoint bleibt erhalten. Fortsetzen setzt den Lauf fort.</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="271"/>
        <source>Training stopped: %1</source>
        <translation>Training beendet: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="272"/>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/trainingpanel.cpp" line="275"/>
        <source>Training with %1 threads…</source>
        <translation>Training mit %1 Threads…</translation>
    </message>
</context>
</TS>
