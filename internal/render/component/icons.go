package component

import (
	"html/template"
	"maps"
	"slices"
)

// icons is the small inline SVG set (lucide shapes, 24×24, stroked).
var icons = map[string]template.HTML{
	"arrow-right":  `<path d="M5 12h14"/><path d="m12 5 7 7-7 7"/>`,
	"calendar":     `<rect width="18" height="18" x="3" y="4" rx="2"/><path d="M16 2v4"/><path d="M8 2v4"/><path d="M3 10h18"/>`,
	"check":        `<path d="M20 6 9 17l-5-5"/>`,
	"chevron-down": `<path d="m6 9 6 6 6-6"/>`,
	"clock":        `<circle cx="12" cy="12" r="10"/><path d="M12 6v6l4 2"/>`,
	"heart":        `<path d="M19 14c1.49-1.46 3-3.21 3-5.5A5.5 5.5 0 0 0 16.5 3c-1.76 0-3 .5-4.5 2-1.5-1.5-2.74-2-4.5-2A5.5 5.5 0 0 0 2 8.5c0 2.3 1.5 4.05 3 5.5l7 7Z"/>`,
	"info":         `<circle cx="12" cy="12" r="10"/><path d="M12 16v-4"/><path d="M12 8h.01"/>`,
	"mail":         `<rect width="20" height="16" x="2" y="4" rx="2"/><path d="m22 7-8.97 5.7a1.94 1.94 0 0 1-2.06 0L2 7"/>`,
	"map-pin":      `<path d="M20 10c0 6-8 12-8 12s-8-6-8-12a8 8 0 0 1 16 0Z"/><circle cx="12" cy="10" r="3"/>`,
	"menu":         `<path d="M4 6h16"/><path d="M4 12h16"/><path d="M4 18h16"/>`,
	"phone":        `<path d="M22 16.92v3a2 2 0 0 1-2.18 2 19.79 19.79 0 0 1-8.63-3.07 19.5 19.5 0 0 1-6-6 19.79 19.79 0 0 1-3.07-8.67A2 2 0 0 1 4.11 2h3a2 2 0 0 1 2 1.72 12.84 12.84 0 0 0 .7 2.81 2 2 0 0 1-.45 2.11L8.09 9.91a16 16 0 0 0 6 6l1.27-1.27a2 2 0 0 1 2.11-.45 12.84 12.84 0 0 0 2.81.7A2 2 0 0 1 22 16.92z"/>`,
	"plus":         `<path d="M5 12h14"/><path d="M12 5v14"/>`,
	"star":         `<path d="m12 2 3.09 6.26L22 9.27l-5 4.87 1.18 6.88L12 17.77l-6.18 3.25L7 14.14 2 9.27l6.91-1.01L12 2z"/>`,
	"user":         `<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>`,
	"x":            `<path d="M18 6 6 18"/><path d="m6 6 12 12"/>`,
}

// iconEnum lists the icon names, sorted, for the Icon schema.
func iconEnum() []any {
	names := slices.Sorted(maps.Keys(icons))
	out := make([]any, len(names))
	for i, n := range names {
		out[i] = n
	}
	return out
}
