package push

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics count the worker's deliveries by result and time the sends; they
// are registered on the server's registry and served on /metrics.
type Metrics struct {
	results *prometheus.CounterVec
	latency *prometheus.HistogramVec
	queued  prometheus.Counter
}

// NewMetrics registers the push metrics on reg (nil: a private registry,
// for tests and commands).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		results: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "hadir_push_deliveries_total",
			Help: "Web Push deliveries by result: sent, retry, failed, pruned (subscription gone), expired."}, []string{"result"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "hadir_push_send_seconds",
			Help:    "Time to encrypt and post one push, by push service answer class.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"class"}),
		queued: prometheus.NewCounter(prometheus.CounterOpts{Name: "hadir_push_queued_total",
			Help: "Notifications put in the push outbox."}),
	}
	if reg != nil {
		reg.MustRegister(m.results, m.latency, m.queued)
	}
	return m
}

func (m *Metrics) result(state string) {
	if m != nil {
		if state == StatePending {
			state = "retry"
		}
		m.results.WithLabelValues(state).Inc()
	}
}

func (m *Metrics) observe(class string, seconds float64) {
	if m != nil {
		m.latency.WithLabelValues(class).Observe(seconds)
	}
}

// Queued counts n notifications put in the outbox.
func (m *Metrics) Queued(n int) {
	if m != nil {
		m.queued.Add(float64(n))
	}
}
