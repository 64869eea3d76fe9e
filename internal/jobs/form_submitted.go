package jobs

import (
	"context"
	"log/slog"

	"github.com/riverqueue/river"
)

// FormSubmitted is the form.submitted event: a visitor's post was stored.
// It is queued in the same transaction as the submission, so the event
// exists if and only if the submission does. It names the submission, never
// its content (which is sealed at rest). Analytics and workflows hook in
// here; for now the worker only logs.
type FormSubmitted struct {
	SubmissionID string `json:"submissionId"`
	SiteID       string `json:"siteId"`
	FormID       string `json:"formId"`
}

// Kind names the job.
func (FormSubmitted) Kind() string { return "form.submitted" }

type formSubmittedWorker struct {
	river.WorkerDefaults[FormSubmitted]
	log *slog.Logger
}

func (w *formSubmittedWorker) Work(ctx context.Context, job *river.Job[FormSubmitted]) error {
	w.log.InfoContext(ctx, "form submitted", "submission", job.Args.SubmissionID, "site", job.Args.SiteID, "form", job.Args.FormID)
	return nil
}
