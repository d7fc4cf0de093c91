#pragma once

#include <QByteArray>
#include <QPointer>
#include <QString>

#include <functional>
#include <vector>

class QLabel;
class QLineEdit;
class QObject;

namespace orinet {

//! The texts a widget shows, each kept as the function that makes it with tr(), so that the
//! widget can make them all again when the language changes (QEvent::LanguageChange; the
//! pattern is in docs/translations.md).
//!
//!     mTexts.setText(mEvaluate, [] { return tr("Evaluate"); });
//!     mTexts.setText(mSummary, [=] { return tr("No run folder at '%1'.").arg(run); });
//!     void View::changeEvent(QEvent* e) { if (e->type() == QEvent::LanguageChange)
//!                                                mTexts.retranslate(); … }
//!
//! Setting a property again replaces its earlier function, so a status label set from many
//! places follows the language with whatever it shows now. Texts of objects that are gone are
//! skipped. Lives on the GUI thread with the widgets it sets.
class TranslatedTexts {
public:
    using Text = std::function<QString()>;

    //! Sets the Qt property `property` ("text", "placeholderText", "toolTip", "title",
    //! "windowTitle", …) of `target` to text() now and at every retranslate().
    void set(QObject* target, const char* property, Text text);
    void setText(QObject* target, Text text) { set(target, "text", std::move(text)); }
    void setToolTip(QObject* target, Text text) { set(target, "toolTip", std::move(text)); }
    //! A line edit's placeholder; the field is kept at least wide enough to show it whole
    //! (translations are often longer than the English text).
    void setPlaceholder(QLineEdit* target, Text text);
    //! A new label with a translated text (form rows, captions).
    QLabel* label(Text text);

    //! For what is not a property (tab titles, combo-box items, captions of custom widgets):
    //! runs `apply` now and at every retranslate() while `guard` lives. `key` names the text so
    //! that binding it again replaces the earlier one.
    void bind(QObject* guard, const QByteArray& key, std::function<void()> apply);

    //! Makes every text again in the current language.
    void retranslate();

private:
    struct Binding {
        QPointer<QObject> guard;
        QByteArray key;
        std::function<void()> apply;
    };
    std::vector<Binding> mBindings;
};

} // namespace orinet
