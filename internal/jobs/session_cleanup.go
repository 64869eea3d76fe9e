package jobs

import (
	"context"

	"github.com/riverqueue/river"
)

// SessionCleaner deletes expired sessions.
type SessionCleaner interface {
	CleanupSessions(ctx context.Context) (int64, error)
}

// SessionCleanup deletes expired sign-in sessions; it runs hourly.
type SessionCleanup struct{}

// Kind names the job.
func (SessionCleanup) Kind() string { return "session.cleanup" }

type sessionCleanupWorker struct {
	river.WorkerDefaults[SessionCleanup]
	s SessionCleaner
}

func (w *sessionCleanupWorker) Work(ctx context.Context, job *river.Job[SessionCleanup]) error {
	n, err := w.s.CleanupSessions(ctx)
	if err != nil {
		return err
	}
	return river.RecordOutput(ctx, map[string]int64{"deleted": n})
}
