#include "common/textformat.h"

#include <QRegularExpression>
#include <QtTest>

using namespace orinet;

class TestTextFormat : public QObject {
    Q_OBJECT
private slots:
    void csvFieldQuotesOnlyWhenNeeded_data();
    void csvFieldQuotesOnlyWhenNeeded();
    void timestampIsIso8601Utc();
};

void TestTextFormat::csvFieldQuotesOnlyWhenNeeded_data() {
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("field");
    QTest::newRow("plain") << "0000019"
                           << "0000019";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("comma") << "run a, seed 1"
                           << "\"run a, seed 1\"";
    QTest::newRow("quote") << "the \"best\" run"
                           << "\"the \"\"best\"\" run\"";
    QTest::newRow("newline") << "two\nlines"
                             << "\"two\nlines\"";
}

void TestTextFormat::csvFieldQuotesOnlyWhenNeeded() {
    QFETCH(QString, value);
    QFETCH(QString, field);
    QCOMPARE(QString::fromStdString(text::csvField(value.toStdString())), field);
}

void TestTextFormat::timestampIsIso8601Utc() {
    const QString stamp = QString::fromStdString(text::isoTimestampUtc());
    QVERIFY2(
        QRegularExpression("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$").match(stamp).hasMatch(),
        qPrintable(stamp));
    const QDateTime parsed = QDateTime::fromString(stamp, Qt::ISODate);
    QVERIFY(std::abs(parsed.secsTo(QDateTime::currentDateTimeUtc())) < 5);
}

QTEST_APPLESS_MAIN(TestTextFormat)
#include "tst_textformat.moc"
