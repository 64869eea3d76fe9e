package jobs

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// fakeProcessor records calls and fails MakeVariants with err.
type fakeProcessor struct {
	err    error
	failed string // the reason FailVariants was given
}

func (f *fakeProcessor) MakeVariants(ctx context.Context, id string) error { return f.err }

func (f *fakeProcessor) FailVariants(ctx context.Context, id, reason string) error {
	f.failed = reason
	return nil
}

// TestAssetVariantsLastAttempt checks an asset does not stay processing
// for ever: when the last attempt fails, the asset is marked failed.
func TestAssetVariantsLastAttempt(t *testing.T) {
	t.Parallel()
	unavailable := errors.New("blob store unavailable")
	tests := []struct {
		name             string
		err              error
		attempt, max     int
		wantErr          bool
		wantFailedReason string
	}{
		{"Success", nil, 1, 5, false, ""},
		{"RetryLater", unavailable, 2, 5, true, ""},
		{"LastAttempt", unavailable, 5, 5, true, "blob store unavailable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &fakeProcessor{err: tc.err}
			w := &assetVariantsWorker{a: p}
			err := w.Work(t.Context(), &river.Job[AssetVariants]{JobRow: &rivertype.JobRow{Attempt: tc.attempt, MaxAttempts: tc.max},
				Args: AssetVariants{AssetID: "a1"}})
			if (err != nil) != tc.wantErr {
				t.Fatalf("Work: %v", err)
			}
			if tc.wantFailedReason == "" && p.failed != "" || !strings.Contains(p.failed, tc.wantFailedReason) {
				t.Fatalf("marked failed with %q, want %q", p.failed, tc.wantFailedReason)
			}
		})
	}
	if got := (AssetVariants{}).InsertOpts(); got.Queue != QueueImages {
		t.Errorf("asset.variants runs on queue %q, want %q", got.Queue, QueueImages)
	}
}
