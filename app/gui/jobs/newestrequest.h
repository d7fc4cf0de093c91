#pragma once

#include <QFutureWatcher>
#include <QObject>

#include <exception>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace orinet {

//! "Newest request wins" for work that a view starts off the GUI thread while the user keeps
//! asking for something else (the pair under the mouse, a query row, a raster): only the
//! result of the newest request is delivered, older ones are dropped, and at most one request
//! runs at a time (a request made meanwhile waits and replaces any request already waiting, so
//! fast scrolling does not queue up stale work). Nothing ever waits on the GUI thread.
//!
//! Threading: create, request() and cancel() on the GUI thread; the work runs on the global
//! thread pool and must own its data (capture by value or shared pointer); `deliver` runs on
//! this object's thread. Destroying the helper drops the result of a running request without
//! waiting for it.
class NewestRequest : public QObject {
    Q_OBJECT
public:
    explicit NewestRequest(QObject* parent = nullptr);
    ~NewestRequest() override;

    //! Runs `work` (callable returning Result) on the thread pool and calls `deliver(Result)`
    //! with its result, unless a newer request or cancel() came first. An exception thrown by
    //! `work` delivers nothing; make failures part of Result to show them.
    template <class Work, class Deliver> void request(Work work, Deliver deliver) {
        using Result = std::invoke_result_t<Work&>;
        submit([work = std::move(work), deliver = std::move(deliver)]() mutable -> Delivery {
            auto result = std::make_shared<Result>(work());
            return [deliver, result]() mutable { deliver(std::move(*result)); };
        });
    }

    //! Drops the waiting request and the result of the running one.
    void cancel();
    //! A request runs or waits.
    bool isBusy() const;

signals:
    //! After the last request ended, delivered or not (tests and busy indicators).
    void idle();

private:
    using Delivery = std::function<void()>;
    using Job = std::function<Delivery()>;

    void submit(Job job);
    void startWaiting();
    void onFinished();

    QFutureWatcher<Delivery>* mWatcher = nullptr;
    Job mWaiting;
    quint64 mNewest = 0;  //!< number of the newest request
    quint64 mRunning = 0; //!< number of the running one
};

} // namespace orinet
