package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// WebhookSender delivers one webhook call.
type WebhookSender interface {
	// DeliverWebhook signs and posts the payload; an error (a network
	// failure or a non-2xx answer) makes River try again later.
	DeliverWebhook(ctx context.Context, w WebhookDeliver) error
}

// WebhookDeliver posts an event to a URL an environment names, signed
// with HMAC-SHA256. It is retried with River's exponential backoff, up to
// eight attempts over about a day.
type WebhookDeliver struct {
	DeliveryID    string    `json:"deliveryId"`
	EnvironmentID string    `json:"environmentId"`
	URL           string    `json:"url"`
	Event         string    `json:"event"`
	Payload       []byte    `json:"payload"`
	CreatedAt     time.Time `json:"createdAt"`
}

// Kind names the job.
func (WebhookDeliver) Kind() string { return "webhook.deliver" }

// InsertOpts: eight attempts.
func (WebhookDeliver) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 8} }

type webhookWorker struct {
	river.WorkerDefaults[WebhookDeliver]
	s WebhookSender
}

func (w *webhookWorker) Timeout(*river.Job[WebhookDeliver]) time.Duration { return 30 * time.Second }

func (w *webhookWorker) Work(ctx context.Context, job *river.Job[WebhookDeliver]) error {
	if w.s == nil {
		return fmt.Errorf("webhook.deliver: no sender configured")
	}
	return w.s.DeliverWebhook(ctx, job.Args)
}
