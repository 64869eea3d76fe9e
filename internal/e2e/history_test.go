package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// setHeading edits the heading's text through the editor's store, as the
// inline editor does, and waits for the save.
func setHeading(ctx context.Context, text string) {
	sess(ctx).t.Helper()
	step(ctx, "edit the heading", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`window.__pagewright.store.apply([{op:'set', node:'h', path:'props/text', value:%q}], {label:'Edit heading'})`, text)))
	untilJS(ctx, "the canvas shows "+text, canvasJS(fmt.Sprintf(`doc.querySelector('[data-pw-node="h"]')?.textContent.includes(%q)`, text)))
	waitSaved(ctx)
}

// TestEditorHistory is Sam saving a version of a page with a message,
// editing on, comparing that version with the current page and restoring
// it from the History panel.
func TestEditorHistory(t *testing.T) {
	t.Parallel()
	_, admin, pg, ctx := editorPage(t, "Hillside clinic", `
		"sec":{"id":"sec","type":"Section","parent":"root","pos":"a0"},
		"h":{"id":"h","type":"Heading","parent":"sec","pos":"a0","props":{"text":"Hillside clinic","level":1}},
		"t":{"id":"t","type":"Text","parent":"sec","pos":"a1","props":{"html":"<p>Open Monday to Saturday.</p>"}}`)
	untilJS(ctx, "the heading on the canvas", canvasJS(`!!doc.querySelector('[data-pw-node="h"]')`))

	setHeading(ctx, "Summer hours")

	// Save a version with a message from the History panel.
	click(ctx, `button[aria-label="History"]`)
	waitVisible(ctx, `[role="dialog"].pw-history`)
	click(ctx, button("Save version…"))
	fill(ctx, `#pw-version-message`, "Summer opening hours")
	click(ctx, `.pw-history-save button[type="submit"]`)
	untilJS(ctx, "the manual version in the list", `[...document.querySelectorAll('[data-testid="version"][data-kind="manual"]')].some(e => e.textContent.includes('Summer opening hours'))`)
	shot(t, ctx, "history-saved")
	key(ctx, "\x1b") // Escape closes the panel.
	waitNoDialog(ctx)

	setHeading(ctx, "Winter hours")

	// Both states are in the history: the manual version (and maybe an autosave).
	click(ctx, `button[aria-label="History"]`)
	untilJS(ctx, "the manual version listed", `[...document.querySelectorAll('[data-testid="version"]')].some(e => e.textContent.includes('Summer opening hours'))`)
	manual := eval[string](ctx, `[...document.querySelectorAll('[data-testid="version"][data-kind="manual"]')].find(e => e.textContent.includes('Summer opening hours')).dataset.number`)
	shot(t, ctx, "history-list")

	// Compare with current: the heading's text changed.
	click(ctx, fmt.Sprintf(`button[aria-label="Compare version %s with current"]`, manual))
	untilJS(ctx, "the diff lists the heading change", `(() => {
		const d = document.querySelector('[data-testid="diff-list"]');
		return !!d && d.textContent.includes('Summer hours') && d.textContent.includes('Winter hours') && d.textContent.includes('props.text');
	})()`)
	untilJS(ctx, "both renders", `(() => {
		const f = [...document.querySelectorAll('.pw-compare iframe')];
		return f.length === 2 && !!f[0].contentDocument?.body?.textContent.includes('Summer hours') && !!f[1].contentDocument?.body?.textContent.includes('Winter hours');
	})()`)
	shot(t, ctx, "history-compare")
	click(ctx, `button[aria-label="Overlay"]`)
	untilJS(ctx, "the overlay slider", `!!document.querySelector('.pw-compare [role="slider"]')`)
	shot(t, ctx, "history-compare-overlay")
	click(ctx, `//div[contains(@class,'pw-compare')]//button[normalize-space()='Close']`)
	untilJS(ctx, "the compare dialog closed", `!document.querySelector('.pw-compare')`)

	// Restore the manual version: the canvas shows the old text again.
	click(ctx, fmt.Sprintf(`button[aria-label="Restore version %s"]`, manual))
	waitText(ctx, "Your current page is kept in the history too.")
	shot(t, ctx, "history-restore-confirm")
	click(ctx, `//div[@role='alertdialog']//button[normalize-space()='Restore']`)
	waitText(ctx, "Restored version "+manual+".")
	untilJS(ctx, "a restore version listed", `!!document.querySelector('[data-testid="version"][data-kind="restore"]')`)
	shot(t, ctx, "history-restored")
	key(ctx, "\x1b")
	waitNoDialog(ctx)
	untilJS(ctx, "the canvas shows the old text", canvasJS(`doc.querySelector('[data-pw-node="h"]')?.textContent.includes('Summer hours')`))
	shot(t, ctx, "history-canvas-restored")
	d := docOf(t, admin, pg.ID)
	for _, n := range nodesOfType(d, "Heading") {
		if got := n["props"].(map[string]any)["text"]; got != "Summer hours" {
			t.Errorf("stored heading = %v, want Summer hours", got)
		}
	}
}

// TestSiteVersionPolicy is an administrator setting how long every
// autosave is kept, from the site's settings: a bad value is explained, a
// good one is saved and shown again after a reload.
func TestSiteVersionPolicy(t *testing.T) {
	t.Parallel()
	env, admin, pg, ctx := editorPage(t, "Hillside clinic", `"sec":{"id":"sec","type":"Section","parent":"root","pos":"a0"}`)
	visit(ctx, env.URL+"/sites/"+pg.SiteID)
	click(ctx, button("Settings"))
	waitVisible(ctx, `[data-testid="version-policy"]`)
	untilJS(ctx, "the default policy", `document.querySelector('#pw-thin-days').value === '30'`)
	fill(ctx, "#pw-thin-days", "forever")
	click(ctx, button("Save policy"))
	waitText(ctx, "Use a whole number of days.")
	fill(ctx, "#pw-thin-days", "14")
	waitText(ctx, "Autosaves older than 14 days are thinned.")
	click(ctx, button("Save policy"))
	waitText(ctx, "Version history policy saved")
	shot(t, ctx, "version-policy")
	var p struct {
		ThinAfterDays int `json:"thinAfterDays"`
	}
	admin.Do(t, "GET", "/api/v1/sites/"+pg.SiteID+"/version-policy", nil).Want(t, 200).JSON(t, &p)
	if p.ThinAfterDays != 14 {
		t.Fatalf("policy thinAfterDays = %d, want 14", p.ThinAfterDays)
	}
	visit(ctx, env.URL+"/sites/"+pg.SiteID)
	click(ctx, button("Settings"))
	untilJS(ctx, "the saved policy", `document.querySelector('#pw-thin-days')?.value === '14'`)
	waitText(ctx, "by Maya")
}
