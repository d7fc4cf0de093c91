#include "model/torchscriptmodel.h"

#include "common/error.h"

#include <caffe2/serialize/versions.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/script.h>
#include <torch/version.h>

#include <opencv2/core.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <vector>

namespace orinet {

namespace {

//! The line of a LibTorch error that says what went wrong: a TorchScript interpreter error
//! ends with "RuntimeError: <why>" after its traceback; others say it on their first line.
std::string reasonOf(const std::exception& e) {
    const auto* c10 = dynamic_cast<const c10::Error*>(&e);
    std::string text = c10 ? c10->what_without_backtrace() : e.what();
    const size_t runtime = text.rfind("RuntimeError: ");
    if (runtime != std::string::npos)
        text = text.substr(runtime + 14);
    const size_t end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

uint32_t le32(const unsigned char* p) {
    return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
           static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}
uint16_t le16(const unsigned char* p) {
    return static_cast<uint16_t>(p[0] | p[1] << 8);
}

//! One record of a zip archive's central directory.
struct ZipEntry {
    std::string name;
    uint16_t method = 0; //!< 0: stored (PyTorch stores every record)
    uint32_t size = 0;
    uint32_t localHeader = 0;
};

//! The records of a zip archive (not zip64: TorchScript models of a few GB are out of scope
//! here); empty when `path` is no zip archive this reader understands.
std::vector<ZipEntry> zipEntries(std::ifstream& in) {
    in.seekg(0, std::ios::end);
    const std::streamoff length = in.tellg();
    if (length < 22)
        return {};
    // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
    const std::streamoff tail = std::min<std::streamoff>(length, 22 + 65535);
    std::vector<unsigned char> end(static_cast<size_t>(tail));
    in.seekg(length - tail);
    in.read(reinterpret_cast<char*>(end.data()), tail);
    if (!in)
        return {};
    for (std::streamoff i = tail - 22; i >= 0; --i) {
        const unsigned char* e = end.data() + i;
        if (le32(e) != 0x06054b50)
            continue;
        const uint32_t directorySize = le32(e + 12);
        const uint32_t directoryOffset = le32(e + 16);
        if (directoryOffset == 0xffffffffu ||
            static_cast<std::streamoff>(directoryOffset) + directorySize > length)
            return {};
        std::vector<unsigned char> directory(directorySize);
        in.seekg(directoryOffset);
        in.read(reinterpret_cast<char*>(directory.data()), directorySize);
        if (!in)
            return {};
        std::vector<ZipEntry> entries;
        for (size_t p = 0; p + 46 <= directory.size();) {
            const unsigned char* h = directory.data() + p;
            if (le32(h) != 0x02014b50)
                break;
            const size_t nameLength = le16(h + 28);
            const size_t extra = le16(h + 30);
            const size_t comment = le16(h + 32);
            if (p + 46 + nameLength > directory.size())
                break;
            ZipEntry entry;
            entry.method = le16(h + 10);
            entry.size = le32(h + 20);
            entry.localHeader = le32(h + 42);
            entry.name.assign(reinterpret_cast<const char*>(h + 46), nameLength);
            entries.push_back(std::move(entry));
            p += 46 + nameLength + extra + comment;
        }
        return entries;
    }
    return {};
}

//! The text of a stored record, at most 64 bytes; empty when it cannot be read.
std::string storedRecord(std::ifstream& in, const ZipEntry& entry) {
    if (entry.method != 0 || entry.size > 64)
        return {};
    unsigned char local[30];
    in.clear();
    in.seekg(entry.localHeader);
    if (!in.read(reinterpret_cast<char*>(local), sizeof local) || le32(local) != 0x04034b50)
        return {};
    in.seekg(static_cast<std::streamoff>(entry.localHeader) + 30 + le16(local + 26) +
             le16(local + 28));
    std::string text(entry.size, '\0');
    if (!in.read(text.data(), entry.size))
        return {};
    return text;
}

//! Whether a record is the archive's own `leaf` ("archive/version", not "archive/.data/...").
bool isTopRecord(const std::string& name, const std::string& leaf) {
    const size_t slash = name.find('/');
    return slash != std::string::npos && name.compare(slash + 1, std::string::npos, leaf) == 0;
}

bool hasRecord(const std::vector<ZipEntry>& entries, const std::string& leaf) {
    for (const ZipEntry& e : entries)
        if (isTopRecord(e.name, leaf))
            return true;
    return false;
}

//! What an archive says of the PyTorch that wrote it, for error messages.
std::string writerOf(const std::string& path) {
    const int64_t version = TorchScriptModel::archiveVersion(path);
    std::string text = version < 0 ? std::string("its file-format version is unknown")
                                   : "file-format version " + std::to_string(version);
    std::ifstream in(path, std::ios::binary);
    if (hasRecord(zipEntries(in), "byteorder"))
        text += "; it has a 'byteorder' record, which PyTorch 2.1 and later write";
    return text;
}

std::string reexportHint() {
    return "re-export it with PyTorch " + std::string(TORCH_VERSION) +
           " or older (torch.jit.trace or torch.jit.script, then torch.jit.save), or use a "
           "LibTorch at least as new as the PyTorch that wrote it (docs/torchscript.md)";
}

std::string branchName(Branch branch) {
    return branch == Branch::Ground ? "ground" : "satellite";
}

} // namespace

struct TorchScriptModel::Impl {
    std::string path;
    ModelCard card;
    torch::Device device{torch::kCPU};
    torch::jit::script::Module module;
    torch::Tensor mean; //!< 1 x 3 x 1 x 1, the card's colour order
    torch::Tensor deviation;

    std::string cardName() const {
        return card.file.empty() ? std::string("the model card") : "the card " + card.file;
    }

    //! The pipeline's batch as the model takes it.
    torch::Tensor input(Branch branch, const TensorBuffer& buffer) const {
        const int64_t height = branch == Branch::Ground ? card.groundHeight : card.satelliteHeight;
        const int64_t width = branch == Branch::Ground ? card.groundWidth : card.satelliteWidth;
        if (buffer.shape[0] < 1 || buffer.shape[1] != card.channels() ||
            buffer.shape[2] != height || buffer.shape[3] != width ||
            buffer.data.size() != buffer.count())
            throw Error(
                path, "the " + branchName(branch) + " input is " + std::to_string(buffer.shape[0]) +
                          "x" + std::to_string(buffer.shape[1]) + "x" +
                          std::to_string(buffer.shape[2]) + "x" + std::to_string(buffer.shape[3]) +
                          ", " + cardName() + " says Nx" + std::to_string(card.channels()) + "x" +
                          std::to_string(height) + "x" + std::to_string(width));
        torch::Tensor t = torch::from_blob(
            const_cast<float*>(buffer.data.data()),
            {buffer.shape[0], buffer.shape[1], buffer.shape[2], buffer.shape[3]}, torch::kFloat);
        if (card.takesPipelineColour())
            return device.is_cpu() ? t.clone() : t.to(device);
        // Back to 0..255, then the card's order and scaling.
        torch::Tensor colour = (t.slice(1, 0, 3) + 1.0) * 127.5;
        if (card.rgb)
            colour = colour.flip({1});
        colour = (colour * card.scale - mean) / deviation;
        if (card.orientationChannels)
            colour = torch::cat({colour, t.slice(1, 3, 5)}, 1);
        return colour.contiguous().to(device);
    }

    //! One output as N x D unit rows on the CPU, checked against the card.
    cv::Mat descriptors(Branch branch, const c10::IValue& value, int64_t rows,
                        const std::string& call) const {
        torch::Tensor t = checked(branch, value, rows, call);
        // As F.normalize: rows over max(norm, 1e-12).
        t = t.to(torch::kCPU, torch::kFloat);
        t = (t / t.norm(2, {1}, true).clamp_min(1e-12)).contiguous();
        cv::Mat out(static_cast<int>(t.size(0)), static_cast<int>(t.size(1)), CV_32F);
        std::memcpy(out.data, t.data_ptr<float>(), static_cast<size_t>(t.numel()) * sizeof(float));
        return out;
    }

    //! One output checked against the card: an N x D floating-point tensor.
    torch::Tensor checked(Branch branch, const c10::IValue& value, int64_t rows,
                          const std::string& call) const {
        const std::string what = call + " (" + branchName(branch) + " descriptors)";
        if (!value.isTensor())
            throw Error(path,
                        what + " returned a " + value.tagKind() + ", not a tensor of descriptors");
        torch::Tensor t = value.toTensor();
        std::string shape;
        for (int64_t d : t.sizes())
            shape += (shape.empty() ? "" : " x ") + std::to_string(d);
        if (t.dim() != 2 || t.size(0) != rows)
            throw Error(path, what + " returned a tensor of " + shape + " for " +
                                  std::to_string(rows) + " images; N x " +
                                  std::to_string(card.descriptorDimension) +
                                  " descriptors are expected (" + cardName() + ")");
        if (t.size(1) != card.descriptorDimension)
            throw Error(path, what + " returned " + std::to_string(t.size(1)) +
                                  "-d descriptors, but " + cardName() +
                                  " says descriptor_dimension " +
                                  std::to_string(card.descriptorDimension));
        if (!t.is_floating_point())
            throw Error(path, what + " returned " + std::string(c10::toString(t.scalar_type())) +
                                  " values, not floating-point descriptors");
        return t;
    }

    //! The two outputs of forward(ground, satellite).
    std::vector<c10::IValue> pairOf(const c10::IValue& out, const std::string& call) const {
        std::vector<c10::IValue> parts;
        if (out.isTuple())
            parts = out.toTupleRef().elements().vec();
        else if (out.isList())
            parts = out.toListRef().vec();
        if (parts.size() != 2)
            throw Error(path, call + " returned " +
                                  (parts.empty() ? "a " + std::string(out.tagKind())
                                                 : std::to_string(parts.size()) + " values") +
                                  "; a tuple (ground descriptors, satellite descriptors) is "
                                  "expected (" +
                                  cardName() + ")");
        return parts;
    }

    [[noreturn]] void callFailed(const std::string& call, const std::exception& e) const {
        throw Error(path, call + " failed on a batch of the input " + cardName() + " gives (" +
                              card.inputText() + "): " + reasonOf(e));
    }
};

TorchScriptModel::TorchScriptModel(const std::string& path, ModelCard card,
                                   const std::string& device)
    : mImpl(std::make_unique<Impl>()) {
    Impl& d = *mImpl;
    d.path = path;
    d.card = std::move(card);
    {
        std::ifstream in(path, std::ios::binary);
        char head[4] = {};
        if (!in || !in.read(head, sizeof head))
            throw Error(path, "cannot read the TorchScript file, or it is too short to be one");
        if (std::memcmp(head, "PK\x03\x04", 4) != 0)
            throw Error(path, "is not a TorchScript file (torch.jit.save writes a zip archive)");
        const std::vector<ZipEntry> entries = zipEntries(in);
        if (!entries.empty() && !hasRecord(entries, "constants.pkl") &&
            hasRecord(entries, "data.pkl"))
            throw Error(path, "is a torch.save file (tensors or a state_dict), not a TorchScript "
                              "model: export the model with torch.jit.trace or torch.jit.script "
                              "and save it with torch.jit.save (docs/torchscript.md)");
    }
    const int64_t version = archiveVersion(path);
    if (version > supportedArchiveVersion())
        throw Error(path, "was written by a newer PyTorch than this LibTorch " +
                              std::string(TORCH_VERSION) + " reads: " + writerOf(path) +
                              ", this LibTorch reads versions up to " +
                              std::to_string(supportedArchiveVersion()) + "; " + reexportHint());
    try {
        d.device = torch::Device(device);
        d.module = torch::jit::load(path, d.device);
    } catch (const c10::Error& e) {
        throw Error(path, "LibTorch " + std::string(TORCH_VERSION) +
                              " cannot load this TorchScript file (" + writerOf(path) + "): " +
                              reasonOf(e) + ". If a newer PyTorch wrote it, " + reexportHint());
    }
    d.module.eval();
    const auto needs = [&](const std::string& method, const std::string& field) {
        if (!d.module.find_method(method))
            throw Error(
                path, "has no method '" + method + "', which " + d.cardName() + " calls (" + field +
                          "); it has: " + [&] {
                              std::string names;
                              for (const auto& m : d.module.get_methods())
                                  names += (names.empty() ? "" : ", ") + m.name();
                              return names.empty() ? std::string("none") : names;
                          }());
    };
    if (d.card.call == ModelCard::Call::Forward) {
        needs("forward", "call \"forward\"");
    } else {
        needs(d.card.groundMethod, "call.ground");
        needs(d.card.satelliteMethod, "call.satellite");
    }
    const auto channel = [&](const std::array<double, 3>& v) {
        return torch::tensor(
                   {static_cast<float>(v[0]), static_cast<float>(v[1]), static_cast<float>(v[2])})
            .view({1, 3, 1, 1});
    };
    d.mean = channel(d.card.mean);
    d.deviation = channel(d.card.deviation);
}

TorchScriptModel::~TorchScriptModel() = default;
TorchScriptModel::TorchScriptModel(TorchScriptModel&&) noexcept = default;
TorchScriptModel& TorchScriptModel::operator=(TorchScriptModel&&) noexcept = default;

const ModelCard& TorchScriptModel::card() const {
    return mImpl->card;
}

const std::string& TorchScriptModel::path() const {
    return mImpl->path;
}

std::vector<std::string> TorchScriptModel::methodNames() const {
    std::vector<std::string> names;
    for (const auto& m : mImpl->module.get_methods())
        names.push_back(m.name());
    return names;
}

cv::Mat TorchScriptModel::describe(Branch branch, const TensorBuffer& input) {
    Impl& d = *mImpl;
    if (d.card.call == ModelCard::Call::Forward) {
        // forward() takes both branches: the other gets zeros of its size, and is dropped.
        TensorBuffer other;
        const bool ground = branch == Branch::Ground;
        other.shape = {input.shape[0], d.card.channels(),
                       ground ? d.card.satelliteHeight : d.card.groundHeight,
                       ground ? d.card.satelliteWidth : d.card.groundWidth};
        other.data.assign(other.count(), 0.0f);
        cv::Mat g, s;
        describePairs(ground ? input : other, ground ? other : input, g, s);
        return ground ? g : s;
    }
    torch::NoGradGuard noGrad;
    const std::string& method =
        branch == Branch::Ground ? d.card.groundMethod : d.card.satelliteMethod;
    const std::string call = method + "()";
    c10::IValue out;
    torch::Tensor x = d.input(branch, input);
    try {
        out = d.module.get_method(method)({x});
    } catch (const std::exception& e) {
        d.callFailed(call, e);
    }
    return d.descriptors(branch, out, input.shape[0], call);
}

void TorchScriptModel::describePairs(const TensorBuffer& ground, const TensorBuffer& satellite,
                                     cv::Mat& groundOut, cv::Mat& satelliteOut) {
    Impl& d = *mImpl;
    if (d.card.call == ModelCard::Call::Methods) {
        groundOut = describe(Branch::Ground, ground);
        satelliteOut = describe(Branch::Satellite, satellite);
        return;
    }
    torch::NoGradGuard noGrad;
    const std::string call = "forward(ground, satellite)";
    torch::Tensor g = d.input(Branch::Ground, ground);
    torch::Tensor s = d.input(Branch::Satellite, satellite);
    c10::IValue out;
    try {
        out = d.module.forward({g, s});
    } catch (const std::exception& e) {
        d.callFailed(call, e);
    }
    const std::vector<c10::IValue> parts = d.pairOf(out, call);
    groundOut = d.descriptors(Branch::Ground, parts[0], ground.shape[0], call);
    satelliteOut = d.descriptors(Branch::Satellite, parts[1], satellite.shape[0], call);
}

TorchScriptModel::Attribution TorchScriptModel::attribute(const TensorBuffer& ground,
                                                          const TensorBuffer& satellite) {
    Impl& d = *mImpl;
    if (ground.shape[0] != 1 || satellite.shape[0] != 1)
        throw Error(d.path, "gradient × input explains one pair at a time");
    // Whatever the calling thread's mode: the graph to the inputs is needed.
    const torch::AutoGradMode gradients(true);
    const torch::Tensor g = d.input(Branch::Ground, ground).detach().requires_grad_(true);
    const torch::Tensor s = d.input(Branch::Satellite, satellite).detach().requires_grad_(true);
    torch::Tensor gd, sd;
    std::string call;
    try {
        if (d.card.call == ModelCard::Call::Forward) {
            call = "forward(ground, satellite)";
            const std::vector<c10::IValue> parts = d.pairOf(d.module.forward({g, s}), call);
            gd = d.checked(Branch::Ground, parts[0], 1, call);
            sd = d.checked(Branch::Satellite, parts[1], 1, call);
        } else {
            call = d.card.groundMethod + "()";
            gd = d.checked(Branch::Ground, d.module.get_method(d.card.groundMethod)({g}), 1, call);
            call = d.card.satelliteMethod + "()";
            sd = d.checked(Branch::Satellite, d.module.get_method(d.card.satelliteMethod)({s}), 1,
                           call);
        }
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        d.callFailed(call, e);
    }
    // The similarity retrieval ranks by: the dot product of the unit descriptors (as
    // descriptors() normalises them).
    const auto unit = [](const torch::Tensor& t) {
        const torch::Tensor f = t.to(torch::kFloat);
        return f / f.norm(2, {1}, true).clamp_min(1e-12);
    };
    const torch::Tensor similarity = (unit(gd) * unit(sd)).sum();
    if (!similarity.requires_grad())
        throw Error(d.path, "its descriptors do not depend on its input through operations "
                            "LibTorch can differentiate (was it saved under torch.no_grad(), or "
                            "frozen with its input detached?): gradient × input cannot explain "
                            "it");
    std::vector<torch::Tensor> grads;
    try {
        grads = torch::autograd::grad({similarity}, {g, s}, {}, false, false, true);
    } catch (const std::exception& e) {
        throw Error(d.path, "the similarity's gradient with respect to the input cannot be "
                            "computed: " +
                                reasonOf(e));
    }
    const auto map = [](const torch::Tensor& input, const torch::Tensor& grad) {
        const int64_t h = input.size(2), w = input.size(3);
        cv::Mat out(static_cast<int>(h), static_cast<int>(w), CV_32F, cv::Scalar(0));
        if (!grad.defined()) // the descriptor ignores this input
            return out;
        // Colour channels only (0..2 in every card's order); the orientation channels follow.
        const torch::Tensor m = (grad.detach() * input.detach())
                                    .slice(1, 0, 3)
                                    .sum(1)[0]
                                    .to(torch::kCPU, torch::kFloat)
                                    .contiguous();
        std::memcpy(out.data, m.data_ptr<float>(), static_cast<size_t>(m.numel()) * sizeof(float));
        return out;
    };
    Attribution a;
    a.similarity = similarity.item<double>();
    a.ground = map(g, grads[0]);
    a.satellite = map(s, grads[1]);
    return a;
}

void TorchScriptModel::probe() {
    const ModelCard& c = mImpl->card;
    // Two pairs of a smooth pattern in the pipeline's range, orientation channels included.
    const auto batch = [&](int height, int width) {
        TensorBuffer b;
        b.shape = {2, c.channels(), height, width};
        b.data.resize(b.count());
        for (size_t i = 0; i < b.data.size(); ++i)
            b.data[i] = static_cast<float>(std::sin(0.37 * static_cast<double>(i)));
        return b;
    };
    cv::Mat g, s;
    describePairs(batch(c.groundHeight, c.groundWidth), batch(c.satelliteHeight, c.satelliteWidth),
                  g, s);
    for (const cv::Mat* m : {&g, &s})
        if (!cv::checkRange(*m))
            throw Error(mImpl->path, std::string("returned NaN or infinite ") +
                                         (m == &g ? "ground" : "satellite") +
                                         " descriptors for a probe batch");
}

int64_t TorchScriptModel::archiveVersion(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return -1;
    for (const ZipEntry& e : zipEntries(in))
        if (isTopRecord(e.name, "version")) {
            const std::string text = storedRecord(in, e);
            try {
                size_t used = 0;
                const long long v = std::stoll(text, &used);
                return used > 0 && v >= 0 ? v : -1;
            } catch (const std::exception&) {
                return -1;
            }
        }
    return -1;
}

int64_t TorchScriptModel::supportedArchiveVersion() {
    return static_cast<int64_t>(caffe2::serialize::kMaxSupportedFileFormatVersion);
}

std::string TorchScriptModel::libtorchVersion() {
    return TORCH_VERSION;
}

} // namespace orinet
