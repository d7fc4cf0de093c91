#pragma once

#include <QMenu>

#include <functional>

namespace orinet {

class StudioSession;

//! File ▸ Recent Datasets or File ▸ Recent Runs: the session's recent folders, most recent
//! first (numbered, the folder's name and where it is), the vanished ones dropped each time
//! the menu opens, and "Clear Menu". Choosing an entry emits chosen().
class RecentMenu : public QMenu {
    Q_OBJECT
public:
    enum class Kind { Datasets, Runs };

    RecentMenu(Kind kind, StudioSession* session, QWidget* parent = nullptr);

    //! Rebuilds the entries from the session (done each time the menu is about to show).
    void rebuild();

signals:
    void chosen(const QString& folder);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    Kind mKind;
    StudioSession* mSession;
};

} // namespace orinet
