/**
 * The pipeline as an editable tree: each transform with its on/off switch, probability and
 * parameters; OneOf / SomeOf groups with their children. Reorder by dragging a node's handle onto
 * a gap (HTML5 drag and drop), or with the ↑ ↓ buttons (keyboard). Solo runs one node alone in
 * the preview.
 */
import { createContext, useContext, useState } from 'react';
import type { GroupNode, PipelineNode, TransformNode } from '../../core/pipeline/types';
import type { TransformInfo } from '../../../workers/augment/catalog';
import { usePipeline } from '../../store/pipeline';
import { AddTransform } from './AddTransform';
import { CheckedNumber, ParamControl } from './ParamControl';
import { groupNode, insertNode, isGroup, leaves, moveBy, moveNode, newId, removeNode, setGroupType, setParam, updateNode } from './tree';

interface TreeContext {
  catalog: Map<string, TransformInfo>;
  channels: number | null;
  dragging: string | null;
  setDragging(id: string | null): void;
  expandByDefault: boolean;
}

const Ctx = createContext<TreeContext | null>(null);
const DRAG_TYPE = 'application/x-augment-node';

const GROUP_LABEL: Record<GroupNode['type'], string> = { compose: 'Sequence', oneOf: 'One of', someOf: 'Some of' };

export function PipelineTree({ root, catalog, channels }: { root: GroupNode; catalog: TransformInfo[]; channels: number | null }) {
  const [dragging, setDragging] = useState<string | null>(null);
  const byName = new Map(catalog.map((t) => [t.name, t]));
  return (
    <Ctx.Provider value={{ catalog: byName, channels, dragging, setDragging, expandByDefault: leaves(root).length <= 8 }}>
      <GroupChildren group={root} />
      <div className="tree-add row">
        <AddTransform targetGroup={root.id} />
        <AddGroupButtons targetGroup={root.id} />
      </div>
    </Ctx.Provider>
  );
}

function AddGroupButtons({ targetGroup }: { targetGroup: string }) {
  const edit = usePipeline((s) => s.edit);
  const add = (type: 'oneOf' | 'someOf') => edit((p) => insertNode(p, targetGroup, groupNode(newId(p.root, 'g'), type)));
  return (
    <>
      <button className="ghost" data-testid={`add-oneof-${targetGroup}`} onClick={() => add('oneOf')} title="A group that runs exactly one of its transforms, chosen by weight">
        + One-of group
      </button>
      <button className="ghost" data-testid={`add-someof-${targetGroup}`} onClick={() => add('someOf')} title="A group that picks n of its transforms at random">
        + Some-of group
      </button>
    </>
  );
}

function GroupChildren({ group }: { group: GroupNode }) {
  return (
    <ol className="tree-children" data-testid={`children-${group.id}`}>
      {group.children.map((c, i) => (
        <li key={c.id}>
          <DropZone groupId={group.id} index={i} />
          <NodeCard node={c} parent={group} index={i} siblings={group.children.length} />
        </li>
      ))}
      <li>
        <DropZone groupId={group.id} index={group.children.length} last empty={group.children.length === 0} />
      </li>
    </ol>
  );
}

function DropZone({ groupId, index, last, empty }: { groupId: string; index: number; last?: boolean; empty?: boolean }) {
  const ctx = useContext(Ctx)!;
  const edit = usePipeline((s) => s.edit);
  const [over, setOver] = useState(false);
  const active = ctx.dragging !== null;
  return (
    <div
      className={`drop-zone${active ? ' active' : ''}${over ? ' over' : ''}${empty ? ' empty' : ''}`}
      data-testid={`drop-${groupId}-${index}`}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const id = e.dataTransfer.getData(DRAG_TYPE) || ctx.dragging;
        ctx.setDragging(null);
        if (id) edit((p) => moveNode(p, id, groupId, index));
      }}
    >
      {empty ? (active ? 'Drop here' : 'Empty group: add transforms or drag them here') : last && active ? 'Drop at the end' : null}
    </div>
  );
}

function NodeCard({ node, parent, index, siblings }: { node: PipelineNode; parent: GroupNode; index: number; siblings: number }) {
  const ctx = useContext(Ctx)!;
  const edit = usePipeline((s) => s.edit);
  const solo = usePipeline((s) => s.solo);
  const setSolo = usePipeline((s) => s.setSolo);
  const [open, setOpen] = useState(ctx.expandByDefault);
  const info = node.type === 'transform' ? ctx.catalog.get(node.name) : undefined;
  const title = node.type === 'transform' ? (info?.label ?? node.name) : GROUP_LABEL[node.type];
  const enabled = node.enabled !== false;
  const channelProblem = info?.rgbOnly && ctx.channels !== null && ctx.channels !== 3;
  const weightLabel = parent.type === 'oneOf' ? 'weight' : 'p';

  return (
    <div
      className={`node node-${node.type}${enabled ? '' : ' disabled'}${solo === node.id ? ' soloed' : ''}${ctx.dragging === node.id ? ' dragging' : ''}`}
      data-testid={`node-${node.id}`}
      data-name={node.type === 'transform' ? node.name : node.type}
    >
      <div className="node-head">
        <span
          className="drag-handle"
          draggable
          title="Drag to move"
          aria-hidden="true"
          data-testid={`drag-${node.id}`}
          onDragStart={(e) => {
            e.dataTransfer.setData(DRAG_TYPE, node.id);
            e.dataTransfer.effectAllowed = 'move';
            ctx.setDragging(node.id);
          }}
          onDragEnd={() => ctx.setDragging(null)}
        >
          ⠿
        </span>
        <input
          type="checkbox"
          checked={enabled}
          aria-label={`${title} on`}
          title={enabled ? 'On: click to switch this off (it stays in the pipeline)' : 'Off'}
          data-testid={`enable-${node.id}`}
          onChange={(e) => edit((p) => updateNode(p, node.id, { enabled: e.target.checked ? undefined : false }))}
        />
        <button className="node-title link-inline" onClick={() => setOpen(!open)} aria-expanded={open} title={info?.description}>
          {open ? '▾' : '▸'} {title}
        </button>
        {node.type === 'transform' && <span className="muted node-family">{info?.family}</span>}
        <span className="spacer" />
        <label className="node-p" title={parent.type === 'oneOf' ? 'Relative weight of this choice' : 'Probability that it runs'}>
          <span className="muted">{weightLabel}</span>
          <CheckedNumber value={node.p} min={0} max={1} step={0.01} label={`${title} ${weightLabel}`} testId={`${node.id}-p`} onChange={(v) => edit((p) => updateNode(p, node.id, { p: v }))} />
        </label>
        <button className="icon" aria-label={`Move ${title} up`} data-testid={`move-up-${node.id}`} disabled={index === 0} onClick={() => edit((p) => moveBy(p, node.id, -1))}>
          ↑
        </button>
        <button className="icon" aria-label={`Move ${title} down`} data-testid={`move-down-${node.id}`} disabled={index === siblings - 1} onClick={() => edit((p) => moveBy(p, node.id, 1))}>
          ↓
        </button>
        <button
          className={`icon${solo === node.id ? ' active' : ''}`}
          aria-pressed={solo === node.id}
          aria-label={`Solo ${title}`}
          title="Solo: preview this alone"
          data-testid={`solo-${node.id}`}
          onClick={() => setSolo(solo === node.id ? null : node.id)}
        >
          ◎
        </button>
        <button
          className="icon"
          aria-label={`Remove ${title}`}
          data-testid={`remove-${node.id}`}
          onClick={() => {
            if (solo === node.id) setSolo(null);
            edit((p) => removeNode(p, node.id));
          }}
        >
          ✕
        </button>
      </div>
      {channelProblem && (
        <p className="error node-issue" data-testid={`node-issue-${node.id}`}>
          {info!.label} needs RGB images; this dataset is greyscale. Remove it or switch it off.
        </p>
      )}
      {open && node.type === 'transform' && <TransformParams node={node} info={info} />}
      {open && isGroup(node) && <GroupBody group={node} />}
    </div>
  );
}

function TransformParams({ node, info }: { node: TransformNode; info: TransformInfo | undefined }) {
  const edit = usePipeline((s) => s.edit);
  if (!info) return <p className="error">Unknown transform “{node.name}”.</p>;
  const entries = Object.entries(info.params);
  if (!entries.length) return <p className="muted node-desc">{info.description}</p>;
  return (
    <div className="node-params">
      {entries.map(([key, spec]) => (
        <ParamControl key={key} nodeId={node.id} name={key} spec={spec} value={node.params[key]} onChange={(v) => edit((p) => setParam(p, node.id, key, v))} />
      ))}
    </div>
  );
}

function GroupBody({ group }: { group: GroupNode }) {
  const edit = usePipeline((s) => s.edit);
  return (
    <div className="group-body">
      <div className="row group-settings">
        <label>
          <span className="muted">Runs</span>{' '}
          <select value={group.type} data-testid={`group-type-${group.id}`} onChange={(e) => edit((p) => setGroupType(p, group.id, e.target.value as GroupNode['type']))}>
            <option value="compose">all, in order</option>
            <option value="oneOf">one of them (by weight)</option>
            <option value="someOf">some of them</option>
          </select>
        </label>
        {group.type === 'someOf' && (
          <>
            <label>
              <span className="muted">n</span>{' '}
              <input
                type="number"
                min={1}
                max={group.replace ? 16 : Math.max(1, group.children.length)}
                value={group.n}
                data-testid={`group-n-${group.id}`}
                onChange={(e) => {
                  const n = Math.round(Number(e.target.value));
                  if (n >= 1 && n <= (group.replace ? 16 : Math.max(1, group.children.length))) edit((p) => updateNode(p, group.id, { n } as Partial<PipelineNode>));
                }}
              />
            </label>
            <label className="check">
              <input type="checkbox" checked={group.replace} onChange={(e) => edit((p) => updateNode(p, group.id, { replace: e.target.checked } as Partial<PipelineNode>))} /> with replacement
            </label>
          </>
        )}
      </div>
      <GroupChildren group={group} />
      <div className="row">
        <AddTransform targetGroup={group.id} compact />
      </div>
    </div>
  );
}
