package app

// Deployment webhooks: every deployment event of an environment is posted
// to the URLs its configuration names, signed with HMAC-SHA256 under the
// environment's WEBHOOK_SECRET, by a River job that retries with backoff.

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/deploy"
	"github.com/pagewright/pagewright/internal/environment"
	"github.com/pagewright/pagewright/internal/jobs"
	"github.com/pagewright/pagewright/internal/netguard"
)

// WebhookSecretName is the environment secret webhooks are signed with.
const WebhookSecretName = "WEBHOOK_SECRET"

// webhookEvent is the JSON body of a deployment webhook.
type webhookEvent struct {
	ID          string            `json:"id"`
	Event       string            `json:"event"`
	At          time.Time         `json:"at"`
	Site        string            `json:"site"`
	Environment string            `json:"environment"`
	URL         string            `json:"url"`
	Deployment  deploy.Deployment `json:"deployment"`
}

type webhooks struct {
	envs   *environment.Service
	jobs   func() *jobs.Client
	client *http.Client
	log    *slog.Logger
}

// enqueue queues one delivery per URL of the environment.
func (h *webhooks) enqueue(ctx context.Context, env deploy.Env, event string, d deploy.Deployment) {
	e, err := h.envs.Store.GetEnvironment(ctx, env.ID)
	if err != nil || len(e.Config.Webhooks) == 0 {
		return
	}
	body, err := json.Marshal(webhookEvent{ID: uuid.Must(uuid.NewV7()).String(), Event: event, At: time.Now().UTC(),
		Site: env.SiteName, Environment: env.Slug, URL: env.URL, Deployment: d})
	if err != nil {
		return
	}
	for _, u := range e.Config.Webhooks {
		args := jobs.WebhookDeliver{DeliveryID: uuid.Must(uuid.NewV7()).String(), EnvironmentID: env.ID, URL: u, Event: event,
			Payload: body, CreatedAt: time.Now().UTC()}
		if _, err := h.jobs().Insert(ctx, args, nil); err != nil {
			h.log.Error("queue a webhook", "event", event, "environment", env.ID, "err", err)
		}
	}
}

// Sign is the signature header value of a body sent at a Unix time:
// "t=<unix>,v1=<hex HMAC-SHA256 of "<unix>.<body>">" (the timestamp in
// the signed bytes stops replays of old deliveries).
func Sign(secret []byte, unix int64, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strconv.FormatInt(unix, 10) + "."))
	m.Write(body)
	return "t=" + strconv.FormatInt(unix, 10) + ",v1=" + hex.EncodeToString(m.Sum(nil))
}

// DeliverWebhook posts one delivery; an error makes River retry it.
func (h *webhooks) DeliverWebhook(ctx context.Context, w jobs.WebhookDeliver) error {
	secrets, err := h.envs.SecretValues(ctx, w.EnvironmentID)
	if err != nil {
		return err
	}
	secret := secrets[WebhookSecretName]
	if secret == "" {
		h.log.Warn("webhook not sent: the environment has no WEBHOOK_SECRET", "environment", w.EnvironmentID, "event", w.Event)
		return nil // nothing a retry fixes
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(w.Payload))
	if err != nil {
		return nil // the URL was checked when saved; a bad one cannot improve
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Pagewright-Webhooks/1")
	req.Header.Set("X-Pagewright-Event", w.Event)
	req.Header.Set("X-Pagewright-Delivery", w.DeliveryID)
	req.Header.Set("X-Pagewright-Signature", Sign([]byte(secret), time.Now().Unix(), w.Payload))
	res, err := h.client.Do(req)
	if err != nil {
		if netguard.IsBlocked(err) {
			h.log.Warn("webhook refused: not a public address", "url", w.URL)
			return nil
		}
		return fmt.Errorf("webhook %s: %w", w.Event, err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("webhook %s: %s answered %d", w.Event, w.URL, res.StatusCode)
	}
	return nil
}
