#pragma once

#include "gui/jobs/backgroundjob.h"

#include <QString>

namespace orinet {

//! The bundled demo: a synthetic world generated on first start into the user's data folder
//! and reused afterwards, so the studio shows real content without any download.
class DemoWorld {
public:
    //! `dataDirectory` is the application's data folder; the world lives in its "demo-world".
    explicit DemoWorld(const QString& dataDirectory);

    QString root() const { return mRoot; }
    //! The CVACT-layout copy (it has UTM positions, so the map shows it).
    QString datasetRoot() const { return mRoot + "/cvact"; }
    //! True when a complete world is there (a generation that was interrupted is not).
    bool isReady() const;

    //! Work for a BackgroundJob: generates into a temporary sibling folder and renames it into
    //! place only when complete, so an interrupted first start never leaves half a world.
    BackgroundJob::Work generator(int pairs = 400) const;

private:
    QString mRoot;
};

} // namespace orinet
