<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>orinet::JobStatusWidget</name>
    <message numerus="yes">
        <location filename="../app/gui/jobs/jobstatuswidget.cpp" line="56"/>
        <source>about %n s left</source>
        <translation>
            <numerusform>about %n s left</numerusform>
            <numerusform>about %n s left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs/jobstatuswidget.cpp" line="59"/>
        <source>about %n min left</source>
        <translation>
            <numerusform>about %n min left</numerusform>
            <numerusform>about %n min left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs/jobstatuswidget.cpp" line="60"/>
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
        <location filename="../app/gui/shell/mainwindow.cpp" line="173"/>
        <source>CPU · %n thread(s) · BLAS: %1</source>
        <translation>
            <numerusform>CPU · %n thread · BLAS: %1</numerusform>
            <numerusform>CPU · %n threads · BLAS: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>orinet::MapWorkspace</name>
    <message numerus="yes">
        <location filename="../app/gui/map/mapworkspace.cpp" line="262"/>
        <source>%n overview level(s)</source>
        <translation>
            <numerusform>%n overview level</numerusform>
            <numerusform>%n overview levels</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>orinet::TrainingWorkspace</name>
    <message numerus="yes">
        <location filename="../app/gui/training/trainingworkspace.cpp" line="789"/>
        <source>Resuming %1 with %n thread(s)…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/training/trainingworkspace.cpp" line="790"/>
        <source>Training with %n thread(s)…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
