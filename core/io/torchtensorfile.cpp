#include "io/torchtensorfile.h"

#include "common/error.h"

#include <ATen/core/Tensor.h>
#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/import_read.h>
#include <torch/version.h>

#include <cstring>
#include <filesystem>
#include <fstream>

namespace orinet {

namespace {

//! The first line of a c10::Error, without LibTorch's backtrace and source locations.
std::string firstLine(const c10::Error& e) {
    std::string text = e.what_without_backtrace();
    const size_t end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

std::string dtypeName(at::ScalarType type) {
    switch (type) {
    case at::kHalf:
        return "float16";
    case at::kBFloat16:
        return "bfloat16";
    case at::kFloat:
        return "float32";
    case at::kDouble:
        return "float64";
    case at::kByte:
        return "uint8";
    case at::kChar:
        return "int8";
    case at::kShort:
        return "int16";
    case at::kInt:
        return "int32";
    case at::kLong:
        return "int64";
    case at::kBool:
        return "bool";
    default:
        return c10::toString(type);
    }
}

std::string shapeText(const at::Tensor& t) {
    std::string text;
    for (int64_t d : t.sizes())
        text += (text.empty() ? "" : " x ") + std::to_string(d);
    return text.empty() ? std::string("a scalar") : text;
}

//! Where the tensors of a saved container are, by name, in order.
struct Entry {
    std::string name;
    at::Tensor tensor;
};

std::vector<Entry> entriesOf(const c10::IValue& value) {
    std::vector<Entry> entries;
    if (value.isGenericDict()) {
        for (const auto& item : value.toGenericDict()) {
            const c10::IValue& key = item.key();
            const std::string name = key.isString() ? key.toStringRef()
                                     : key.isInt()  ? std::to_string(key.toInt())
                                                    : std::string("?");
            if (item.value().isTensor())
                entries.push_back({name, item.value().toTensor()});
        }
    } else if (value.isList() || value.isTuple()) {
        const std::vector<c10::IValue> items =
            value.isList() ? value.toListRef().vec() : value.toTupleRef().elements().vec();
        for (size_t i = 0; i < items.size(); ++i)
            if (items[i].isTensor())
                entries.push_back({std::to_string(i), items[i].toTensor()});
    }
    return entries;
}

c10::IValue readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char head[4] = {};
    if (!in || !in.read(head, sizeof head))
        throw Error(path, "cannot read the file, or it is shorter than any torch.save file");
    if (static_cast<unsigned char>(head[0]) == 0x80 && head[1] >= 2 && head[1] <= 5)
        throw Error(path, "is in PyTorch's legacy format (before PyTorch 1.6, or saved with "
                          "_use_new_zipfile_serialization=False), which LibTorch cannot read: "
                          "load it in Python and save it again with torch.save(t, file)");
    if (std::memcmp(head, "PK\x03\x04", 4) != 0)
        throw Error(path, "is not a file written by torch.save (not a zip archive)");
    try {
        caffe2::serialize::PyTorchStreamReader reader(path);
        if (!reader.hasRecord("data.pkl"))
            throw Error(path, "is a zip archive but not a file written by torch.save (it has "
                              "no data.pkl)");
        // map_location='cpu': tensors saved from a GPU are read like any other.
        return torch::jit::readArchiveAndTensors("data", "", "", c10::nullopt, c10::nullopt,
                                                 at::Device(at::kCPU), reader);
    } catch (const c10::Error& e) {
        const std::string why = firstLine(e);
        // LibTorch's unpickler knows tensors, not the Python class of parameters.
        if (why.find("_rebuild_parameter") != std::string::npos)
            throw Error(path, "holds a torch.nn.Parameter, which LibTorch cannot read: save "
                              "the plain tensor instead, torch.save(p.detach(), file)");
        throw Error(path, "LibTorch " + std::string(TORCH_VERSION) +
                              " cannot read this torch.save file: " + why);
    }
}

} // namespace

cv::Mat TorchTensorFile::loadMatrix(const std::string& path, const std::string& key,
                                    std::string* description) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(path, "is a folder, not a torch.save file");
    const c10::IValue value = readFile(path);
    at::Tensor tensor;
    std::string name;
    if (value.isTensor()) {
        if (!key.empty())
            throw Error(path,
                        "holds a single tensor, not a collection with an entry '" + key + "'");
        tensor = value.toTensor();
    } else {
        const std::vector<Entry> entries = entriesOf(value);
        std::string listed;
        for (const Entry& e : entries)
            listed += (listed.empty() ? "'" : ", '") + e.name + "' (" +
                      dtypeName(e.tensor.scalar_type()) + ", " + shapeText(e.tensor) + ")";
        if (entries.empty())
            throw Error(path, "holds a " + value.tagKind() +
                                  " without tensors; save the N x D descriptor tensor itself");
        const Entry* chosen = nullptr;
        if (!key.empty()) {
            for (const Entry& e : entries)
                if (e.name == key)
                    chosen = &e;
            if (!chosen)
                throw Error(path, "has no tensor '" + key + "'; it holds " + listed);
        } else {
            for (const Entry& e : entries)
                if (e.tensor.dim() == 2) {
                    if (chosen)
                        throw Error(path, "holds several 2-D tensors (" + listed +
                                              "): name the one to read");
                    chosen = &e;
                }
            if (!chosen)
                throw Error(path, "holds no 2-D tensor (N x D); it holds " + listed);
        }
        tensor = chosen->tensor;
        name = chosen->name;
    }
    const std::string what =
        dtypeName(tensor.scalar_type()) + " tensor" + (name.empty() ? "" : " '" + name + "'");
    if (tensor.dim() != 2)
        throw Error(path,
                    "the " + what + " must be 2-D (N x D descriptors), it is " + shapeText(tensor));
    if (!at::isFloatingType(tensor.scalar_type()))
        throw Error(path, "the descriptors are an " + what +
                              "; they must be float16, bfloat16, float32 or float64");
    if (tensor.size(0) > INT32_MAX || tensor.size(1) > INT32_MAX)
        throw Error(path, "the " + what + " is too large (" + shapeText(tensor) + ")");
    const at::Tensor values = tensor.to(at::kFloat).contiguous();
    cv::Mat out(static_cast<int>(values.size(0)), static_cast<int>(values.size(1)), CV_32F);
    if (!out.empty())
        std::memcpy(out.data, values.data_ptr<float>(), out.total() * sizeof(float));
    if (description)
        *description = what;
    return out;
}

} // namespace orinet
