<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>orinet::DatasetWorkspace</name>
    <message numerus="yes">
        <location filename="../app/gui/dataset/datasetworkspace.cpp" line="276"/>
        <source> · %n pair(s) with problems left out (the files are unchanged)</source>
        <translation>
            <numerusform> · %n pair with problems left out (the file is unchanged)</numerusform>
            <numerusform> · %n pairs with problems left out (the files are unchanged)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>orinet::JobStatusWidget</name>
    <message numerus="yes">
        <location filename="../app/gui/jobs/jobstatuswidget.cpp" line="61"/>
        <source>about %n s left</source>
        <translation>
            <numerusform>about %n s left</numerusform>
            <numerusform>about %n s left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs/jobstatuswidget.cpp" line="64"/>
        <source>about %n min left</source>
        <translation>
            <numerusform>about %n min left</numerusform>
            <numerusform>about %n min left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs/jobstatuswidget.cpp" line="65"/>
        <source>about %n h left</source>
        <translation>
            <numerusform>about %n h left</numerusform>
            <numerusform>about %n h left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>orinet::MainWindow</name>
    <message numerus="yes">
        <location filename="../app/gui/shell/mainwindow.cpp" line="244"/>
        <source>CPU · %n thread(s) · BLAS: %1</source>
        <translation>
            <numerusform>CPU · %n thread · BLAS: %1</numerusform>
            <numerusform>CPU · %n threads · BLAS: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>orinet::MakeDatasetDialog</name>
    <message numerus="yes">
        <location filename="../app/gui/dataset/makedatasetdialog.cpp" line="306"/>
        <source>&lt;b&gt;%n panorama(s) cannot be used&lt;/b&gt; (red crosses where their position is known):</source>
        <translation>
            <numerusform>&lt;b&gt;%n panorama cannot be used&lt;/b&gt; (a red cross where its position is known):</numerusform>
            <numerusform>&lt;b&gt;%n panoramas cannot be used&lt;/b&gt; (red crosses where their position is known):</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>orinet::MapWorkspace</name>
    <message numerus="yes">
        <location filename="../app/gui/map/mapworkspace.cpp" line="300"/>
        <source>%n overview level(s)</source>
        <translation>
            <numerusform>%n overview level</numerusform>
            <numerusform>%n overview levels</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>orinet::QueryGalleryView</name>
    <message numerus="yes">
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="826"/>
        <source>%1 %2: %n queries against %3 tiles · %4</source>
        <translation>
            <numerusform>%1 %2: %n query against %3 tiles · %4</numerusform>
            <numerusform>%1 %2: %n queries against %3 tiles · %4</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="837"/>
        <location filename="../app/gui/evaluation/querygalleryview.cpp" line="840"/>
        <source>%1 of %n queries</source>
        <translation>
            <numerusform>%1 of %n query</numerusform>
            <numerusform>%1 of %n queries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>orinet::TrainingWorkspace</name>
    <message numerus="yes">
        <location filename="../app/gui/training/trainingworkspace.cpp" line="659"/>
        <source>The dataset has %n pair(s) with known problems. A training stops at the first one it cannot read.</source>
        <translation>
            <numerusform>The dataset has %n pair with a known problem. A training stops at the first pair it cannot read.</numerusform>
            <numerusform>The dataset has %n pairs with known problems. A training stops at the first one it cannot read.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/training/trainingworkspace.cpp" line="701"/>
        <source>Resuming %1 with %n thread(s)…</source>
        <translation>
            <numerusform>Resuming %1 with %n thread…</numerusform>
            <numerusform>Resuming %1 with %n threads…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/training/trainingworkspace.cpp" line="702"/>
        <source>Training with %n thread(s)…</source>
        <translation>
            <numerusform>Training with %n thread…</numerusform>
            <numerusform>Training with %n threads…</numerusform>
        </translation>
    </message>
</context>
</TS>
