/** A show's tip goal as the API (`goal` of a stream) and the hub (`goalProgress`) give it (SPEC §13). */
export interface Goal {
  title: string;
  target: number;
  progress: number;
  reached: boolean;
}

/** Whole percent of the target reached, 0..100 (integer arithmetic; the bar never overflows). */
export function goalPercent(goal: Pick<Goal, 'target' | 'progress'>): number {
  if (goal.target <= 0) return 0;
  return Math.min(100, Math.floor((Math.max(0, goal.progress) * 100) / goal.target));
}

/**
 * The goal as a bar (`goal-bar`): title, "progress / target" and a filled track, all text nodes. Returns the
 * element and an update function for later `goalProgress` events.
 */
export function renderGoalBar(doc: Document): { el: HTMLElement; set: (goal: Goal | null) => void } {
  const el = doc.createElement('div');
  el.className = 'goal-bar';
  el.dataset.testid = 'goal-bar';
  el.hidden = true;
  const title = doc.createElement('span');
  title.className = 'goal-title';
  const figures = doc.createElement('span');
  figures.className = 'goal-figures';
  figures.dataset.testid = 'goal-progress';
  const track = doc.createElement('div');
  track.className = 'goal-track';
  track.setAttribute('role', 'progressbar');
  track.setAttribute('aria-valuemin', '0');
  track.setAttribute('aria-valuemax', '100');
  const fill = doc.createElement('div');
  fill.className = 'goal-fill';
  track.append(fill);
  const head = doc.createElement('div');
  head.className = 'goal-head';
  head.append(title, figures);
  el.append(head, track);
  return {
    el,
    set: (goal) => {
      el.hidden = goal === null;
      if (!goal) return;
      const percent = goalPercent(goal);
      title.textContent = goal.title;
      figures.textContent = `${goal.progress.toLocaleString('en-US')} / ${goal.target.toLocaleString('en-US')}${goal.reached ? ' ✓' : ''}`;
      fill.style.width = `${percent}%`;
      track.setAttribute('aria-valuenow', String(percent));
      el.dataset.progress = String(goal.progress);
      el.classList.toggle('goal-reached', goal.reached);
    },
  };
}
