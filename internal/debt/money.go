package debt

import (
	"cmp"
	"math"
	"math/big"
	"math/bits"
	"slices"

	"github.com/torg-kommune/torg"
)

// mulDiv returns a×b÷c rounded down and the remainder, for a, b ≥ 0 and
// c > 0. The product is taken in 128 bits, so that amounts near MaxMoney
// times a period in months or a count of basis points cannot overflow; a
// quotient beyond int64 saturates.
func mulDiv(a, b, c int64) (q, r int64) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(c) {
		return slowMulDiv(a, b, c)
	}
	uq, ur := bits.Div64(hi, lo, uint64(c))
	if uq > math.MaxInt64 {
		return math.MaxInt64, 0
	}
	return int64(uq), int64(ur)
}

func slowMulDiv(a, b, c int64) (int64, int64) {
	p := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	q, r := p.QuoRem(p, big.NewInt(c), new(big.Int))
	if !q.IsInt64() {
		return math.MaxInt64, 0
	}
	return q.Int64(), r.Int64()
}

// mulDivRound returns a×b÷c rounded half up, for a, b ≥ 0 and c > 0.
func mulDivRound(a, b, c int64) int64 {
	q, r := mulDiv(a, b, c)
	if r >= c-r && q < math.MaxInt64 {
		q++
	}
	return q
}

// prorata splits total over weights in proportion, rounding so that the
// parts add up to total exactly: each part is rounded down, and the units
// left over go one each to the parts with the largest remainders (the
// earlier part on a tie). Weights are ≥ 0; if they are all 0, every part
// is 0.
func prorata(total int64, weights []int64) []int64 {
	parts := make([]int64, len(weights))
	var sum int64
	for _, w := range weights {
		sum += w
	}
	if sum <= 0 || total <= 0 {
		return parts
	}
	rems := make([]int64, len(weights))
	left := total
	for i, w := range weights {
		parts[i], rems[i] = mulDiv(total, w, sum)
		left -= parts[i]
	}
	// The leftover units go to the largest remainders; the stable sort
	// keeps the earlier part first on a tie.
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rems[b], rems[a]) })
	for _, i := range order[:left] {
		parts[i]++
	}
	return parts
}

// moneyParts returns the Money values as int64 weights.
func moneyParts(ms []torg.Money) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = int64(m)
	}
	return out
}

// ceilDiv returns a÷b rounded up, for a ≥ 0 and b > 0.
func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 {
		q++
	}
	return q
}
