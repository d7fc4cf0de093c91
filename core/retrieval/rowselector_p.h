#pragma once

// Core-private: included only by core/retrieval .cpp files.

#include <cstdint>

namespace orinet {

//! One query's share of the blocked engine's selection: streams the query's scores (a row of a
//! score block) into its top-K candidates and counts the scores strictly above its true
//! match's. The compares run at the CPU's vector width (AVX-512, AVX2 or SSE2, picked once
//! from the running CPU); only the scores above the current bar (the K-th best so far) leave
//! the vector registers, so the cost per score is a fraction of a cycle once the bar has risen.
//!
//! Candidates are appended to a buffer; when it is full, nth_element keeps the K best
//! (amortised O(1) per candidate). Between calls only the K kept entries persist, unsorted.
//! Equal scores are ordered by gallery index; since ids only grow along a query's scans, a
//! score equal to the bar never displaces a kept entry.
//!
//! Threading: one object per thread; it owns no memory.
class RowSelector {
public:
    struct Entry {
        float score;
        int32_t id;
    };
    //! "a is nearer than b"; a type rather than a function so that sorts inline it.
    struct Nearer {
        bool operator()(const Entry& a, const Entry& b) const {
            return a.score > b.score || (a.score == b.score && a.id < b.id);
        }
    };
    static bool nearer(const Entry& a, const Entry& b) { return Nearer()(a, b); }

    //! The vector width of the scans; Best = the widest this CPU runs.
    enum class Width { Best, Avx512, Avx2, Sse2 };
    //! Whether this CPU runs `width`.
    static bool supported(Width width);

    //! `scratch` holds at least capacity(k) entries. k = 0: count only, keep nothing. `width`
    //! other than Best is for tests, and must be supported().
    RowSelector(Entry* scratch, int64_t k, Width width = Width::Best);
    static int64_t capacity(int64_t k) { return 2 * k + 256; }

    //! Starts a query: its `size` kept entries (read only when a score beats `bar`) and its bar
    //! (-inf while fewer than k are kept).
    void begin(Entry* kept, int64_t size, float bar);
    //! Streams scores[0..n), gallery ids firstId.., and returns how many exceed `truth`
    //! (+inf: none).
    int64_t scan(const float* scores, int64_t n, int32_t firstId, float truth);
    //! Writes the kept entries back when they changed; returns the new size.
    int64_t end();
    //! The score a candidate must exceed from now on.
    float bar() const { return mBar; }

    //! Appends a candidate (the vector scans call this for scores above the bar).
    void add(float score, int32_t id) {
        if (!mLoaded)
            load();
        mBuffer[mSize++] = {score, id};
        if (mSize == mCapacity)
            compact();
    }

    //! "AVX-512", "AVX2" or "SSE2"; Best: the one scan() uses on this CPU.
    static const char* name(Width width = Width::Best);

private:
    using ScanFunction = int64_t (*)(RowSelector&, const float*, int64_t, int32_t, float);
    using GroupMaxFunction = int64_t (*)(const float*, int64_t, float*);
    static ScanFunction function(Width width);
    static GroupMaxFunction groupMaxFunction(Width width);

    void load();
    void compact();

    ScanFunction mScan;
    GroupMaxFunction mGroupMax;
    Entry* mBuffer;
    int64_t mK;
    int64_t mCapacity;
    Entry* mKept = nullptr;
    int64_t mSize = 0;
    float mBar = 0;
    bool mLoaded = false;
};

} // namespace orinet
