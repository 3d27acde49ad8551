package live

import (
	"context"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// DefaultChunkSize is how many objects one list request asks for unless
// told otherwise (--chunk-size). Lists are read in pages (limit/continue),
// so the API server never builds one huge response for a large cluster and
// each page's buffer is let go once its objects are decoded; the number of
// requests grows with the objects by one per page, the kinds of request stay
// the same. kubectl pages by 500; at 150,000 pods pages of 500 cost etcd
// and the API server three times the CPU of pages of 5,000, and took 39 s
// instead of 23–31 s (docs/performance.md), for 60 MiB more at the peak.
const DefaultChunkSize = 5000

// pageFunc lists one page: its items and the continue token ("" at the end).
type pageFunc[T any] func(ctx context.Context, opts metav1.ListOptions) ([]T, string, error)

// paged reads every page of a list into one slice.
func paged[T any](ctx context.Context, list pageFunc[T], opts metav1.ListOptions) ([]T, error) {
	var out []T
	err := eachPage(ctx, list, opts, func(items []T) error {
		out = append(out, items...)
		return nil
	}, func() error { out = nil; return nil })
	return out, err
}

// eachPage hands every page of a list (opts.Limit objects each; 0 for the
// whole list at once) to keep as it arrives, so the caller
// can keep what a diagnosis needs and let the page go. A continue token that
// expired (410 Gone: the list took longer than etcd's compaction) restarts
// the list without pages, as client-go's pager does; restart is called
// first, to drop what the earlier pages kept, or to refuse (its error ends
// the list).
func eachPage[T any](ctx context.Context, list pageFunc[T], opts metav1.ListOptions, keep func([]T) error, restart func() error) error {
	for {
		items, cont, err := list(ctx, opts)
		if apierrors.IsResourceExpired(err) && opts.Continue != "" {
			opts.Limit, opts.Continue = 0, ""
			if err := restart(); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("listing: %w", err)
		}
		if err := keep(items); err != nil {
			return err
		}
		if cont == "" {
			return nil
		}
		opts.Continue = cont
	}
}
