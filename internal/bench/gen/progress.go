package gen

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Progress reports rows written on a writer, usually stderr: on a
// terminal as a bar redrawn in place, otherwise as a plain line every few
// seconds. A nil *Progress reports nothing.
type Progress struct {
	w        io.Writer
	terminal bool
	total    int64
	done     atomic.Int64
	phase    atomic.Pointer[string]
	start    time.Time
	stop     chan struct{}
	wg       sync.WaitGroup
}

// How often the report is redrawn.
const (
	terminalEvery = 250 * time.Millisecond
	plainEvery    = 5 * time.Second
)

// NewProgress starts reporting the progress towards total rows on w.
func NewProgress(w io.Writer, terminal bool, total int64) *Progress {
	p := &Progress{w: w, terminal: terminal, total: max(total, 1), start: time.Now(), stop: make(chan struct{})}
	p.Phase("")
	every := plainEvery
	if terminal {
		every = terminalEvery
	}
	p.wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.print(false)
			case <-p.stop:
				p.print(true)
				return
			}
		}
	})
	return p
}

// Add counts n rows written.
func (p *Progress) Add(n int) {
	if p != nil {
		p.done.Add(int64(n))
	}
}

// Phase names what is being written now, such as "persons".
func (p *Progress) Phase(name string) {
	if p != nil {
		p.phase.Store(&name)
	}
}

// Stop prints the final report and ends the reporting.
func (p *Progress) Stop() {
	if p == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
}

// print writes one report; last ends the line on a terminal.
func (p *Progress) print(last bool) {
	done := p.done.Load()
	elapsed := time.Since(p.start)
	rate := float64(done) / max(elapsed.Seconds(), 1e-3)
	eta := "--:--"
	if rate > 0 && done < p.total {
		eta = clock(time.Duration(float64(p.total-done) / rate * float64(time.Second)))
	}
	frac := min(float64(done)/float64(p.total), 1)
	line := fmt.Sprintf("%3.0f%% %s/%s rows  %s rows/s  elapsed %s  ETA %s  %s", frac*100, thousands(done),
		thousands(p.total), thousands(int64(rate)), clock(elapsed), eta, *p.phase.Load())
	if !p.terminal {
		fmt.Fprintln(p.w, line)
		return
	}
	const width = 30
	full := int(frac * width)
	bar := "[" + strings.Repeat("#", full) + strings.Repeat(".", width-full) + "] "
	end := ""
	if last {
		end = "\n"
	}
	fmt.Fprintf(p.w, "\r%s%-90s%s", bar, line, end)
}

// clock formats d as m:ss or h:mm:ss.
func clock(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// thousands formats n with a comma between groups of three digits.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
