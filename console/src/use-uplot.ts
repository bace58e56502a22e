import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

/**
 * A uPlot chart in the returned container, as wide as the container (following its resizes): made
 * anew when `shape` changes (series, axes), fed `data` on every render otherwise.
 */
export function useUplot(options: Omit<uPlot.Options, 'width' | 'height'>, shape: string, data: uPlot.AlignedData, height: number) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  // The chart is made from the options of the render that changed its shape.
  const latest = useRef({ options, data });
  latest.current = { options, data };

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    chart.current = new uPlot({ ...latest.current.options, width: element.clientWidth, height }, latest.current.data, element);
    const resize = new ResizeObserver(() => chart.current?.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, [shape, height]);

  useEffect(() => {
    chart.current?.setData(data);
  });

  return container;
}
