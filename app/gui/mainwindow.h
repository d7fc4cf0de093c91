#pragma once

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace orinet {

//! The studio's main window: one tab per workspace (orientation, datasets, training,
//! evaluation, map), a status bar with the compute setup, and the About dialog.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    QTabWidget* workspaces() const { return mTabs; }

public slots:
    void showAbout();

private:
    void createMenus();

    QTabWidget* mTabs;
    QLabel* mComputeLabel;
};

} // namespace orinet
