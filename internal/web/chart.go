package web

import (
	"fmt"
	"math"
	"time"

	"github.com/torg-kommune/torg/internal/casework"
)

// barChart is a horizontal bar chart drawn on the server as SVG: a title
// and a description for screen readers, one bar per row with its value
// written beside it, and for each row an optional target drawn as a mark.
// The page shows the same figures in a table.
type barChart struct {
	ID           string
	Title, Desc  string
	Width        int
	Height       int
	LabelWidth   int
	Bars         []chartBar
	TargetLegend string // the label of the target marks; "" : no targets
}

// chartBar is one row of a bar chart with its geometry worked out.
type chartBar struct {
	Label   string
	Text    string // the value as written beside the bar
	Y       int    // the row's top
	BarY    int    // the bar's top
	TextY   int    // the baseline of the row's text
	LabelX  int    // where the label ends
	BarH    int
	RowH    int
	W       int // the bar's width
	TextX   int
	Over    bool // over the target
	Target  bool
	TargetX int
}

const (
	chartRow   = 32
	chartBarH  = 20
	chartLabel = 200
	chartArea  = 380
	chartRight = 200
)

// newBarChart lays out bars with values and targets (0: none) on a common
// scale; text prints a value.
func newBarChart(id, title, desc string, labels []string, values, targets []float64, text func(float64) string) *barChart {
	c := &barChart{ID: id, Title: title, Desc: desc, LabelWidth: chartLabel, Width: chartLabel + chartArea + chartRight}
	top := 0.0
	for i := range values {
		top = math.Max(top, values[i])
		if targets != nil {
			top = math.Max(top, targets[i])
		}
	}
	if top == 0 {
		top = 1
	}
	scale := func(v float64) int { return chartLabel + int(math.Round(v/top*chartArea)) }
	for i, v := range values {
		y := i * chartRow
		b := chartBar{Label: labels[i], Text: text(v), Y: y, BarY: y + (chartRow-chartBarH)/2, TextY: y + 21,
			LabelX: chartLabel - 8, BarH: chartBarH, RowH: chartRow, W: scale(v) - chartLabel}
		b.TextX = scale(v) + 6
		if targets != nil && targets[i] > 0 {
			b.Target, b.TargetX, b.Over = true, scale(targets[i]), v > targets[i]
			b.TextX = max(b.TextX, b.TargetX+6)
		}
		c.Bars = append(c.Bars, b)
	}
	c.Height = max(len(values), 1) * chartRow
	return c
}

// statsCharts draws the statistics page's charts: the mean wait by errand
// against its target, the mean wait by hour, and the guide's channels.
func statsCharts(pg *page, st *casework.QueueStats) (wait, hours, channels *barChart) {
	mins := func(v float64) string { return pg.Minutes(time.Duration(v * float64(time.Minute))) }
	var labels []string
	var values, targets []float64
	for _, e := range st.Errands {
		labels = append(labels, errandLabel(pg, st, e.Errand))
		values = append(values, e.WaitMean.Minutes())
		targets = append(targets, e.TargetWait.Minutes())
	}
	wait = newBarChart("chart-wait", pg.T("stats.chart_wait"), pg.T("stats.chart_wait_desc"), labels, values, targets, mins)
	wait.TargetLegend = pg.T("stats.target")
	for i := range wait.Bars { // not by colour alone
		if wait.Bars[i].Over {
			wait.Bars[i].Text += " (" + pg.T("stats.over_target") + ")"
		}
	}
	labels, values = nil, nil
	for _, h := range st.Hours {
		labels = append(labels, fmt.Sprintf("%02d–%02d", h.Hour, h.Hour+1))
		values = append(values, h.WaitMean.Minutes())
	}
	hours = newBarChart("chart-hour", pg.T("stats.chart_hour"), pg.T("stats.chart_wait_desc"), labels, values, nil, mins)
	labels, values = nil, nil
	for _, c := range st.Channels {
		labels = append(labels, pg.T("stats.channel_"+c.Channel))
		values = append(values, float64(c.Count))
	}
	channels = newBarChart("chart-channel", pg.T("stats.chart_channel"), pg.T("stats.chart_wait_desc"), labels, values, nil,
		func(v float64) string { return fmt.Sprint(int(v)) })
	return wait, hours, channels
}

// errandLabel is an errand's title on the statistics page.
func errandLabel(pg *page, st *casework.QueueStats, code string) string {
	if code == "" {
		return pg.T("stats.no_errand")
	}
	return st.ErrandTitle(code, string(pg.Lang))
}

// ErrandLabel is an errand's title for the statistics templates.
func (d statsData) ErrandLabel(pg *page, code string) string {
	return errandLabel(pg, d.QueueStats, code)
}
