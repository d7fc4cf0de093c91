#include "gui/shell/demoworld.h"

#include "common/error.h"
#include "common/outputtarget.h"
#include "dataset/cvactformat.h"
#include "synth/syntheticworld.h"
#include "synth/synthoptions.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace orinet {

DemoWorld::DemoWorld(const QString& dataDirectory)
    : mRoot(QDir(dataDirectory).absoluteFilePath("demo-world")) {}

bool DemoWorld::isReady() const {
    return QFileInfo::exists(QFile::decodeName(
               SyntheticWorld::metadataFile(QFile::encodeName(mRoot).toStdString()).c_str())) &&
           QFileInfo::exists(datasetRoot() + "/" + CvactFormat::kIndexFile);
}

BackgroundJob::Work DemoWorld::generator(int pairs) const {
    const QString root = mRoot;
    return [root, pairs](Feedback& feedback) {
        const QString partial =
            root + ".partial-" + QString::number(QCoreApplication::applicationPid());
        // Only a world this tool generated (or an empty folder) is ever removed: the data
        // folder may be one the user chose, holding folders of their own.
        const auto removeWorld = [](const QString& folder) {
            OutputTarget::checkFolder(QFile::encodeName(folder).toStdString(),
                                      SyntheticWorld::folderKind());
            QDir(folder).removeRecursively();
        };
        // Leftovers of first starts that were killed mid-generation.
        const QFileInfo rootInfo(root);
        for (const QString& stale :
             rootInfo.dir().entryList({rootInfo.fileName() + ".partial-*"}, QDir::Dirs))
            try {
                removeWorld(rootInfo.dir().filePath(stale));
            } catch (const Error&) {
                // not ours after all: left alone
            }
        // Before the work: a folder in the world's place that is not a world stops here.
        OutputTarget::checkFolder(QFile::encodeName(root).toStdString(),
                                  SyntheticWorld::folderKind());
        if (!QDir().mkpath(partial))
            throw Error(partial.toStdString(), "cannot create folder");
        SynthOptions options;
        options.outDir = partial.toStdString();
        options.pairs = pairs;
        options.seed = 2019;
        try {
            SyntheticWorld::generate(options, feedback);
        } catch (...) {
            try {
                removeWorld(partial);
            } catch (const Error&) {
                // generate() refused a folder that was there before: not ours to remove
            }
            throw;
        }
        removeWorld(root); // an incomplete world from an older run
        if (!QDir().rename(partial, root))
            throw Error(root.toStdString(), "cannot move the generated world into place");
    };
}

} // namespace orinet
