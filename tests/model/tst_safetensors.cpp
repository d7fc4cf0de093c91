#include "common/error.h"
#include "model/safetensors.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <random>

using namespace orinet;

namespace {

NamedTensor tensor(const std::string& name, TensorDType dtype, std::vector<int64_t> shape,
                   uint8_t fill) {
    NamedTensor t;
    t.name = name;
    t.dtype = dtype;
    t.shape = std::move(shape);
    t.bytes.resize(static_cast<size_t>(t.elementCount()) * elementSize(dtype));
    for (size_t i = 0; i < t.bytes.size(); ++i)
        t.bytes[i] = static_cast<uint8_t>(fill + i);
    return t;
}

SafeTensors sample() {
    SafeTensors s;
    s.tensors.push_back(tensor("ground.conv1.weight", TensorDType::Float32, {4, 5, 2, 2}, 1));
    s.tensors.push_back(tensor("ground.bn2.num_batches_tracked", TensorDType::Int64, {}, 9));
    s.tensors.push_back(tensor("satellite.conv7.bias", TensorDType::Float32, {3}, 50));
    s.tensors.push_back(tensor("rng", TensorDType::UInt8, {5}, 200));
    s.metadata["format"] = "pt";
    return s;
}

//! A file with a hand-written header, so each defect can be produced exactly. The header is
//! padded with spaces so the data starts 8-byte aligned, as the reference writer does.
std::string handMade(std::string header, size_t dataBytes, bool pad = true) {
    while (pad && (8 + header.size()) % 8 != 0)
        header += ' ';
    std::string out(8, '\0');
    const uint64_t n = header.size();
    for (int i = 0; i < 8; ++i)
        out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    return out + header + std::string(dataBytes, '\x01');
}

} // namespace

class TestSafeTensors : public QObject {
    Q_OBJECT
private slots:
    void roundTrip();
    void layoutMatchesTheReferenceWriter();
    void rejectsMalformedFiles_data();
    void rejectsMalformedFiles();
    void serializeRejectsInconsistentTensors();
    void randomMutationsOnlyThrowError();
    void missingFileNamesThePath();
};

void TestSafeTensors::roundTrip() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.safetensors").toStdString();
    const SafeTensors s = sample();
    s.save(path);
    const SafeTensors back = SafeTensors::load(path);
    QCOMPARE(back.tensors.size(), s.tensors.size());
    for (size_t i = 0; i < s.tensors.size(); ++i) {
        QCOMPARE(back.tensors[i].name, s.tensors[i].name);
        QVERIFY(back.tensors[i].dtype == s.tensors[i].dtype);
        QCOMPARE(back.tensors[i].shape, s.tensors[i].shape);
        QCOMPARE(back.tensors[i].bytes, s.tensors[i].bytes);
    }
    QCOMPARE(back.metadata.at("format"), std::string("pt"));
    QVERIFY(back.find("rng") != nullptr);
    QVERIFY(back.find("nope") == nullptr);
}

void TestSafeTensors::layoutMatchesTheReferenceWriter() {
    const std::string bytes = sample().serialize();
    uint64_t n = 0;
    std::memcpy(&n, bytes.data(), 8); // little-endian host
    QCOMPARE((8 + n) % 8, uint64_t{0});
    const std::string header = bytes.substr(8, n);
    QVERIFY(header.find("\"ground.conv1.weight\":{\"dtype\":\"F32\",\"shape\":[4,5,2,2],"
                        "\"data_offsets\":[0,320]}") != std::string::npos);
    QVERIFY(header.find("\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[320,328]") !=
            std::string::npos);
    QCOMPARE(bytes.size(), size_t(8 + n + 320 + 8 + 12 + 5));
}

void TestSafeTensors::rejectsMalformedFiles_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("problem");
    auto add = [](const char* name, const std::string& bytes, const char* problem) {
        QTest::newRow(name) << QByteArray::fromStdString(bytes) << problem;
    };
    const std::string ok = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    add("empty", "", "shorter than");
    add("header length beyond file", handMade(ok, 8).replace(0, 1, "\xff"), "header length");
    add("huge header length", std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8) + ok,
        "header length");
    add("bad json", handMade(R"({"a":{"dtype":"F32",)", 8), "not valid JSON");
    add("not an object", handMade("[1,2]", 8), "not a JSON object");
    add("unknown dtype", handMade(R"({"a":{"dtype":"Q7","shape":[2],"data_offsets":[0,8]}})", 8),
        "unknown tensor dtype 'Q7'");
    add("negative shape", handMade(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8),
        "shape");
    add("shape vs bytes", handMade(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8),
        "shape needs");
    add("offsets outside",
        handMade(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", 8), "outside");
    add("reversed offsets", handMade(R"({"a":{"dtype":"U8","shape":[0],"data_offsets":[8,0]}})", 8),
        "outside");
    add("overlap",
        handMade(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                 R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                 8),
        "overlaps");
    add("hole", handMade(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8),
        "unused bytes");
    add("trailing bytes", handMade(ok, 12), "belong to no tensor");
    // F32 data starting at file offset 8 + header + 0 with the header padded to 2 mod 8.
    std::string misaligned = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                             R"("b":{"dtype":"U8","shape":[2],"data_offsets":[8,10]}})";
    while ((8 + misaligned.size()) % 8 != 2)
        misaligned += ' ';
    add("misaligned", handMade(misaligned, 10, /*pad=*/false), "aligned");
    add("extra field",
        handMade(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}})", 8),
        "exactly dtype");
    add("metadata not strings", handMade(R"({"__metadata__":{"a":1}})", 0), "metadata");
    add("overflowing shape",
        handMade(R"({"a":{"dtype":"F64","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}})",
                 8),
        "overflows");
}

void TestSafeTensors::rejectsMalformedFiles() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, problem);
    try {
        SafeTensors::parse(bytes.toStdString(), "bad.safetensors");
        QFAIL("parse accepted a malformed file");
    } catch (const Error& e) {
        const QString message = e.what();
        QVERIFY2(message.startsWith("bad.safetensors: ") && message.contains(problem),
                 qPrintable(message));
    }
}

void TestSafeTensors::serializeRejectsInconsistentTensors() {
    SafeTensors s = sample();
    s.tensors[0].bytes.pop_back();
    QVERIFY_THROWS_EXCEPTION(Error, s.serialize());
    s = sample();
    s.tensors[1].name = s.tensors[0].name;
    QVERIFY_THROWS_EXCEPTION(Error, s.serialize());
}

void TestSafeTensors::randomMutationsOnlyThrowError() {
    // Seeded fuzzing: byte flips, header-length edits, truncations and insertions of a valid
    // file. Every result must either parse into consistent tensors or throw orinet::Error.
    const std::string valid = sample().serialize();
    std::mt19937_64 rng(20190616);
    int accepted = 0, rejected = 0;
    for (int round = 0; round < 5000; ++round) {
        std::string bytes = valid;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            switch (rng() % 5) {
            case 0: // flip a byte, mostly in the header where the structure is
                bytes[rng() % std::min<size_t>(bytes.size(), 160)] ^=
                    static_cast<char>(1 + rng() % 255);
                break;
            case 1: // replace a header character with a JSON-significant one
                bytes[8 + rng() % 150] = "{}[],:\"0123456789-e. "[rng() % 21];
                break;
            case 2: // change the header length
                bytes[rng() % 8] = static_cast<char>(rng());
                break;
            case 3: // truncate
                bytes.resize(rng() % (bytes.size() + 1));
                break;
            default: // insert bytes
                bytes.insert(rng() % (bytes.size() + 1), std::string(1 + rng() % 4, 'x'));
            }
            if (bytes.empty())
                break;
        }
        try {
            const SafeTensors s = SafeTensors::parse(bytes, "fuzz");
            for (const NamedTensor& t : s.tensors)
                QCOMPARE(t.bytes.size(), size_t(t.elementCount()) * elementSize(t.dtype));
            ++accepted;
        } catch (const Error&) {
            ++rejected;
        }
    }
    qInfo("fuzz: %d accepted, %d rejected", accepted, rejected);
    QVERIFY(rejected > 4000);
}

void TestSafeTensors::missingFileNamesThePath() {
    try {
        SafeTensors::load("/nonexistent/w.safetensors");
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY(QString(e.what()).contains("/nonexistent/w.safetensors"));
    }
}

QTEST_APPLESS_MAIN(TestSafeTensors)
#include "tst_safetensors.moc"
