package demo

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// bulkBatch is how many persons GeneratePersons writes per transaction.
const bulkBatch = 5000

// bulkSeed seeds the names and addresses of generated persons.
const bulkSeed = 0x70726773

// Birth dates of generated persons run from bulkFirst for bulkDays days
// (to the end of 2008).
var bulkFirst = torg.Date{Year: 1925, Month: 1, Day: 1}

const bulkDays = 30681

// bulkStride walks the birth dates in a scattered but fixed order, so that
// any prefix of the population has a spread of ages. It shares no factor
// with bulkDays.
const bulkStride = 7919

// bulkWriters is how many batches GeneratePersons writes at a time. On
// PostgreSQL they run in parallel; on SQLite the single writer commits
// what is queued together.
const bulkWriters = 4

// GeneratePersons writes n synthetic persons into a municipality, in
// transactions of 5,000, for benchmarks. Their national IDs are Test-Norge
// (Tenor) numbers, all different, and never those of the demo population;
// the same n gives the same persons. It can make some ten million.
func GeneratePersons(ctx context.Context, db *store.DB, municipalityID int64, n int, now time.Time) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	batches := make(chan []*torg.Person)
	var wg sync.WaitGroup
	for range bulkWriters {
		wg.Go(func() {
			for b := range batches {
				if err := insertPersons(ctx, db, b, bulkBatch, now); err != nil {
					cancel(err)
				}
			}
		})
	}
	err := generate(ctx, batches, municipalityID, n)
	close(batches)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil {
		return cause // the first writer's error, or the caller's cancellation
	}
	return err
}

// generate sends n persons to out in batches of bulkBatch.
func generate(ctx context.Context, out chan<- []*torg.Person, municipalityID int64, n int) error {
	seq := &ninSeq{}
	for start := 0; start < n; start += bulkBatch {
		g := newPersonGen(municipalityID, uint64(start), bulkSeed)
		batch := make([]*torg.Person, 0, min(bulkBatch, n-start))
		for len(batch) < cap(batch) {
			nin, birth, ind, ok := seq.next()
			if !ok {
				return fmt.Errorf("demo: generate persons: no more than %d synthetic national IDs", start+len(batch))
			}
			batch = append(batch, g.person(start+len(batch), nin, birth, ind))
		}
		select {
		case out <- batch:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	return nil
}

// ninSeq enumerates the bulk band's synthetic national IDs: for each
// individnummer offset, every birth date in stride order, skipping the
// pairs whose control digits would be 10. Each (date, individnummer) pair
// is visited once, so no number repeats.
type ninSeq struct {
	offset int // individnummer offset within the bulk band
	i      int // position in the date walk
}

func (s *ninSeq) next() (nin string, birth torg.Date, ind int, ok bool) {
	for s.offset < bulkBandSize {
		birth = bulkFirst.AddDays(s.i * bulkStride % bulkDays)
		ind = firstInd(birth.Year, false) + s.offset
		if s.i++; s.i == bulkDays {
			s.offset, s.i = s.offset+1, 0
		}
		if nin, ok = tenorNIN(birth, ind); ok {
			return nin, birth, ind, true
		}
	}
	return "", torg.Date{}, 0, false
}

// TenorNIN returns the Test-Norge (Tenor) synthetic fødselsnummer for a
// birth date and an individnummer of the bulk band (see BulkBand), and
// false when no number exists for the pair. Other generators of synthetic
// populations, such as the benchmark's, use it.
func TenorNIN(birth torg.Date, ind int) (string, bool) { return tenorNIN(birth, ind) }

// BulkBand returns the first individnummer and the size of the band that
// bulk persons born in year take their numbers from: never the demo
// population's band, so that neither collides with the other.
func BulkBand(year int) (first, size int) { return firstInd(year, false), bulkBandSize }
