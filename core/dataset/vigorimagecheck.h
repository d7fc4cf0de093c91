#pragma once

#include "dataset/integrityreport.h"

#include <vector>

namespace orinet {

class Feedback;
class QueryGallery;

//! The deep check of a VIGOR-layout root (docs/vigor.md, `orinet dataset --check`): the header
//! of every panorama and every gallery tile the given splits list, each file once however many
//! splits name it, read as the one-to-one check reads a pair's (ImageCheck::readProblem, no
//! decoding). Reports, each by path: a missing, unreadable, truncated or corrupt file, an
//! image no panorama or tile can be (ImageCheck::shapeProblem), and a file whose size differs
//! from the most common size of its kind (panoramas, tiles) in its city: VIGOR's panoramas
//! are 2048x1024 and its tiles 640x640 in every city, and one image of another size is a
//! damaged or foreign file that would silently be resampled. Plain functions; runs on the
//! calling thread, like Dataset::checkImages.
class VigorImageCheck {
public:
    //! One issue per bad file, in the order the splits list the files (queries, then gallery,
    //! split by split); `checkedImages` counts the distinct files. Reports progress on
    //! `feedback` (may be null) every few files; throws orinet::Canceled when canceled.
    static IntegrityReport check(const std::vector<QueryGallery>& splits, Feedback* feedback);
};

} // namespace orinet
