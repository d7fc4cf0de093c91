#include "demoworld.h"

#include "common/error.h"
#include "dataset/cvactformat.h"
#include "synth/syntheticworld.h"
#include "synth/synthoptions.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace orinet {

DemoWorld::DemoWorld(const QString& dataDirectory)
    : mRoot(QDir(dataDirectory).absoluteFilePath("demo-world")) {}

bool DemoWorld::isReady() const {
    return QFileInfo::exists(mRoot + "/world.json") &&
           QFileInfo::exists(datasetRoot() + "/" + CvactFormat::kIndexFile);
}

BackgroundJob::Work DemoWorld::generator(int pairs) const {
    const QString root = mRoot;
    return [root, pairs](Feedback& feedback) {
        const QString partial =
            root + ".partial-" + QString::number(QCoreApplication::applicationPid());
        // Leftovers of first starts that were killed mid-generation.
        const QFileInfo rootInfo(root);
        for (const QString& stale :
             rootInfo.dir().entryList({rootInfo.fileName() + ".partial-*"}, QDir::Dirs))
            QDir(rootInfo.dir().filePath(stale)).removeRecursively();
        if (!QDir().mkpath(partial))
            throw Error(partial.toStdString(), "cannot create folder");
        SynthOptions options;
        options.outDir = partial.toStdString();
        options.pairs = pairs;
        options.seed = 2019;
        try {
            SyntheticWorld::generate(options, feedback);
        } catch (...) {
            QDir(partial).removeRecursively();
            throw;
        }
        QDir(root).removeRecursively(); // an incomplete world from an older run
        if (!QDir().rename(partial, root))
            throw Error(root.toStdString(), "cannot move the generated world into place");
    };
}

} // namespace orinet
