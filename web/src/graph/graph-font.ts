/** The canvas's font stack: the stylesheet's labels and the overlay's tunnel labels alike. */
export const GRAPH_FONT =
  'Inter, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", "DejaVu Sans", sans-serif';
