package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/pagewright/pagewright/internal/apptest"
)

// setBranchHeading changes the heading of a branch's document through the
// API, as another editor working on the branch would.
func setBranchHeading(t *testing.T, c *apptest.Client, page, branch, text string) {
	t.Helper()
	path := "/api/v1/pages/" + page + "/branches/" + branch + "/document"
	res := c.Do(t, "GET", path, nil).Want(t, 200)
	var d map[string]any
	res.JSON(t, &d)
	d["nodes"].(map[string]any)["h"].(map[string]any)["props"].(map[string]any)["text"] = text
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	c.Do(t, "PUT", path, json.RawMessage(b), "If-Match", res.Header.Get("ETag")).Want(t, 200)
}

// openBranches opens the History panel on its Branches tab.
func openBranches(ctx context.Context) {
	sess(ctx).t.Helper()
	click(ctx, `button[aria-label="History"]`)
	waitVisible(ctx, `[role="dialog"].pw-history`)
	click(ctx, `//div[contains(@class,'pw-history')]//button[@role='tab'][.//span[normalize-space()='Branches']]`)
	waitVisible(ctx, `[data-testid="branches-panel"]`)
}

// createBranch makes a branch of the current page from the Branches tab.
func createBranch(ctx context.Context, name string) {
	sess(ctx).t.Helper()
	click(ctx, button("New branch…"))
	fill(ctx, `#pw-branch-name`, name)
	click(ctx, button("Create branch"))
	waitVisible(ctx, fmt.Sprintf(`[data-testid="branch"][data-name=%q]`, name))
}

// TestEditorBranches is Sam preparing the summer version of a page on a
// branch while the page itself keeps changing, and merging it back: first
// without conflicts, then with the heading changed on both sides.
func TestEditorBranches(t *testing.T) {
	t.Parallel()
	_, admin, pg, ctx := editorPage(t, "Hillside clinic", `
		"sec":{"id":"sec","type":"Section","parent":"root","pos":"a0"},
		"h":{"id":"h","type":"Heading","parent":"sec","pos":"a0","props":{"text":"Hillside clinic","level":1}},
		"t":{"id":"t","type":"Text","parent":"sec","pos":"a1","props":{"html":"<p>Open Monday to Saturday.</p>"}}`)
	untilJS(ctx, "the heading on the canvas", canvasJS(`!!doc.querySelector('[data-pw-node="h"]')`))

	// A branch from the current page, made in the UI.
	openBranches(ctx)
	shot(t, ctx, "branches-empty")
	createBranch(ctx, "summer")
	shot(t, ctx, "branches-created")
	key(ctx, "\x1b")
	waitNoDialog(ctx)

	// The branch's heading changes (through the API); the page's text changes in the editor.
	setBranchHeading(t, admin, pg.ID, "summer", "Summer at Hillside")
	step(ctx, "edit the text", chromedp.Evaluate[chromedp.Void](`window.__pagewright.store.apply([{op:'set', node:'t', path:'props/html', value:'<p>Open every day.</p>'}], {label:'Edit text'})`))
	untilJS(ctx, "the canvas shows the new text", canvasJS(`doc.querySelector('[data-pw-node="t"]')?.textContent.includes('Open every day.')`))
	waitSaved(ctx)

	// Merge: no conflicts, the heading change is listed.
	openBranches(ctx)
	click(ctx, `button[aria-label="Merge summer into main"]`)
	untilJS(ctx, "the merge's changes", `document.querySelector('[data-testid="merge-changes"]')?.textContent.includes('Summer at Hillside')`)
	if count(ctx, `[data-testid="conflict"]`) != 0 {
		t.Fatal("a conflict in a merge without conflicts")
	}
	shot(t, ctx, "branches-merge-preview")
	click(ctx, `//div[@data-testid='merge-dialog']//button[normalize-space()='Merge']`)
	waitText(ctx, "Merged summer into main")
	untilJS(ctx, "summer marked merged", `document.querySelector('[data-testid="branch"][data-name="summer"]')?.dataset.merged === 'true'`)
	shot(t, ctx, "branches-merged")
	key(ctx, "\x1b")
	waitNoDialog(ctx)
	untilJS(ctx, "the canvas shows the branch's heading and the page's text", canvasJS(`doc.querySelector('[data-pw-node="h"]')?.textContent.includes('Summer at Hillside') && doc.querySelector('[data-pw-node="t"]')?.textContent.includes('Open every day.')`))
	shot(t, ctx, "branches-canvas-merged")

	// A second branch where both sides change the heading: a conflict.
	openBranches(ctx)
	createBranch(ctx, "autumn")
	key(ctx, "\x1b")
	waitNoDialog(ctx)
	setBranchHeading(t, admin, pg.ID, "autumn", "Autumn at Hillside")
	setHeading(ctx, "Hillside all year")

	openBranches(ctx)
	click(ctx, `button[aria-label="Merge autumn into main"]`)
	waitVisible(ctx, `[data-testid="conflict"]`)
	untilJS(ctx, "the conflict shows both sides", `(() => {
		const c = document.querySelector('[data-testid="conflict"]');
		return c.textContent.includes("Keep main's: Hillside all year") && c.textContent.includes("Take branch's: Autumn at Hillside");
	})()`)
	if !eval[bool](ctx, `[...document.querySelectorAll('[data-testid="merge-dialog"] button')].find(b => b.textContent.trim() === 'Merge').disabled`) {
		t.Error("Merge enabled before the conflict has a choice")
	}
	shot(t, ctx, "branches-conflict")
	click(ctx, `(//li[@data-testid='conflict']//button[@role='radio'])[2]`)
	untilJS(ctx, "Merge enabled", `![...document.querySelectorAll('[data-testid="merge-dialog"] button')].find(b => b.textContent.trim() === 'Merge').disabled`)
	shot(t, ctx, "branches-conflict-chosen")
	click(ctx, `//div[@data-testid='merge-dialog']//button[normalize-space()='Merge']`)
	waitText(ctx, "Merged autumn into main")
	key(ctx, "\x1b")
	waitNoDialog(ctx)
	untilJS(ctx, "the canvas shows the branch's heading", canvasJS(`doc.querySelector('[data-pw-node="h"]')?.textContent.includes('Autumn at Hillside') && doc.querySelector('[data-pw-node="t"]')?.textContent.includes('Open every day.')`))
	shot(t, ctx, "branches-canvas-conflict-merged")
	for _, n := range nodesOfType(docOf(t, admin, pg.ID), "Heading") {
		if got := n["props"].(map[string]any)["text"]; got != "Autumn at Hillside" {
			t.Errorf("stored heading = %v, want Autumn at Hillside", got)
		}
	}
}
