/**
 * The outcome of a directorate action (acknowledge, route), shown above the list and focused
 * when it changes so a screen reader reads it. The box is always in the page (empty when
 * there is nothing to say) so focus has somewhere to land.
 */
import { useEffect, useRef } from 'preact/hooks';

export type Feedback = { readonly kind: 'success' | 'error'; readonly message: string };

export function FeedbackBox(props: { feedback: Feedback | undefined }) {
  const { feedback } = props;
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (feedback !== undefined) box.current?.focus();
  }, [feedback]);
  return (
    <div
      ref={box}
      tabIndex={-1}
      class={feedback === undefined ? 'feedback-box' : `feedback-box notice notice-${feedback.kind}`}
      data-feedback={feedback?.kind}
    >
      {feedback === undefined ? null : <p>{feedback.message}</p>}
    </div>
  );
}
