#pragma once

#include "dataset/inputpreset.h"

#include <array>
#include <cstdint>
#include <string>

namespace orinet {

//! What a model of another method needs to be run like a native one (docs/torchscript.md): the
//! JSON card that travels with a TorchScript file. Input size per branch, colour order and
//! scaling, whether OriNet's orientation channels are appended, how the branches are called,
//! and the descriptor dimension. Plain data; parse() checks every field.
class ModelCard {
public:
    //! How the model is called.
    enum class Call {
        Forward, //!< forward(ground, satellite) returns (ground descriptors, satellite ones)
        Methods, //!< one method per branch, e.g. embed_ground(x) and embed_satellite(x)
    };

    std::string method; //!< how results name the model, e.g. "ResNet-18 baseline"
    std::string file;   //!< the file the card was read from (messages name it); not stored
    int groundHeight = 0;
    int groundWidth = 0;
    int satelliteHeight = 0;
    int satelliteWidth = 0;
    //! Colour channels as the model takes them: true R, G, B; false B, G, R.
    bool rgb = true;
    //! Channel c of the model's input = (v * scale - mean[c]) / deviation[c], v in 0..255, c in the
    //! model's colour order.
    double scale = 1.0 / 255.0;
    std::array<double, 3> mean{0.0, 0.0, 0.0};
    std::array<double, 3> deviation{1.0, 1.0, 1.0}; //!< the card's "std"
    //! The two orientation channels of docs/model.md appended after the colour (5 channels).
    bool orientationChannels = false;
    Call call = Call::Forward;
    std::string groundMethod;    //!< Call::Methods: the ground branch's method
    std::string satelliteMethod; //!< Call::Methods: the satellite branch's method
    int64_t descriptorDimension = 0;

    //! 3, or 5 with the orientation channels.
    int channels() const { return orientationChannels ? 5 : 3; }
    //! The input sizes as the data pipeline takes them (name "card"); the satellite tile is
    //! square.
    InputPreset preset() const;
    OrientationMode orientation() const {
        return orientationChannels ? OrientationMode::Input : OrientationMode::None;
    }
    //! Whether the model's input is the pipeline's own (B, G, R as v/255*2-1): nothing to
    //! convert.
    bool takesPipelineColour() const;
    //! "ground 56x308, satellite 128x128, 5 channels", for messages.
    std::string inputText() const;

    //! Throws orinet::Error naming `source` and the field for anything missing, of the wrong
    //! type, out of range or unknown.
    static ModelCard parse(const std::string& json, const std::string& source);
    //! parse() of a file; throws orinet::Error naming it when it cannot be read.
    static ModelCard load(const std::string& path);
    std::string toJson() const;
};

} // namespace orinet
