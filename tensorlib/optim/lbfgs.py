"""L-BFGS: a quasi-Newton method keeping the last ``history_size`` curvature
pairs to approximate the inverse Hessian (the two-loop recursion).

``step(closure)`` runs up to ``max_iter`` iterations, re-evaluating the loss
through ``closure`` (which must zero the grads, compute the loss, call
``backward`` and return the loss).  Each iteration:

    y = g - g_prev;  s = t * d                   (when y . s > 1e-10 the pair is kept,
                                                  and H_diag = y . s / y . y)
    d = -H g                                     (two-loop recursion over the kept pairs)
    t = min(1, 1 / |g|_1) * lr on the very first iteration, else lr;
        with line_search_fn="strong_wolfe" t comes from the line search
    p = p + t * d

and stops at ``max_iter``, ``max_eval`` evaluations, a gradient below
``tolerance_grad`` (max-abs), or a step or loss change below
``tolerance_change``.  All parameters form one flat vector; the state lives
under the first parameter, with PyTorch's names (``func_evals``, ``n_iter``,
``d``, ``t``, ``old_dirs``, ``old_stps``, ``ro``, ``H_diag``,
``prev_flat_grad``, ``prev_loss``, ``al``).
"""
from .. import _functional
from ..autograd import grad_mode as _grad_mode
from ._checks import check_lr
from ._line_search import strong_wolfe
from ._ops import as_scalar
from .optimizer import Optimizer

__all__ = ["LBFGS"]

_STATE_ORDER = ("d", "t", "old_dirs", "old_stps", "ro", "H_diag", "prev_flat_grad", "prev_loss")


class LBFGS(Optimizer):
    """L-BFGS: a quasi-Newton method that approximates the inverse Hessian from recent gradient
    differences.  All parameters form one vector; there is one parameter group only, and
    ``step`` needs a closure that re-evaluates the loss.

    Args:
        params (iterable): the tensors to optimise, ``(name, tensor)`` pairs, or dicts defining
            parameter groups (``{"params": ..., "lr": ...}``).
        lr (float): the step length. Default: ``1``.
        max_iter (int): iterations per ``step``. Default: ``20``.
        max_eval (int, optional): closure evaluations per ``step``. Default: ``max_iter * 5 // 4``.
        tolerance_grad (float): stop when the largest gradient element is below it. Default: ``1e-7``.
        tolerance_change (float): stop when the loss or the parameters change less. Default: ``1e-9``.
        history_size (int): curvature pairs kept. Default: ``100``.
        line_search_fn (str, optional): None (fixed step) or ``"strong_wolfe"``.

    Example::

        >>> x = torch.tensor([3.0, -1.0], requires_grad=True)
        >>> opt = torch.optim.LBFGS([x], line_search_fn="strong_wolfe")
        >>> def closure():
        ...     opt.zero_grad()
        ...     loss = ((x - 1) ** 2).sum()
        ...     loss.backward()
        ...     return loss
        >>> _ = opt.step(closure)
        >>> x.detach()
        tensor([1., 1.])
    """

    def __init__(self, params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9,
                 history_size=100, line_search_fn=None):
        check_lr(lr)
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = dict(lr=lr, max_iter=max_iter, max_eval=max_eval, tolerance_grad=tolerance_grad,
                        tolerance_change=tolerance_change, history_size=history_size,
                        line_search_fn=line_search_fn)
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]

    # ---- the parameters as one flat vector ------------------------------------------------------
    def _gather_flat_grad(self):
        return _functional.cat([p.new_zeros(p.numel()) if p.grad is None else p.grad.reshape(-1)
                                for p in self._params], 0)

    def _add_grad(self, step_size, update):
        offset = 0
        for p in self._params:
            numel = p.numel()
            p.add_(update[offset:offset + numel].view_as(p), alpha=as_scalar(step_size))
            offset += numel

    def _directional_evaluate(self, closure, x, t, d):
        """Loss and flat gradient at ``x + t d``; the parameters are put back to ``x``."""
        self._add_grad(t, d)
        loss = float(self._eval_closure(closure))
        flat_grad = self._gather_flat_grad()
        for p, saved in zip(self._params, x):
            p.copy_(saved)
        return loss, flat_grad

    # ---- the step ------------------------------------------------------------------------------
    def step(self, closure):
        """Runs up to ``max_iter`` L-BFGS iterations.

        Args:
            closure (callable): clears the gradients, re-evaluates the model and returns the loss
                (after calling ``backward``). Required.

        Returns:
            the loss of the first evaluation.
        """
        with _grad_mode.no_grad():
            return self._iterate(closure)

    def _two_loop_direction(self, state, flat_grad):
        """``-H g`` from the kept curvature pairs, the newest pair last."""
        old_dirs, old_stps, ro = state["old_dirs"], state["old_stps"], state["ro"]
        if "al" not in state:
            state["al"] = [None] * self.param_groups[0]["history_size"]
        al = state["al"]
        q = flat_grad.neg()
        for i in range(len(old_dirs) - 1, -1, -1):
            al[i] = old_stps[i].dot(q) * ro[i]
            q.add_(old_dirs[i], alpha=-al[i].item())
        r = q.mul(state["H_diag"])
        for i in range(len(old_dirs)):
            be_i = old_dirs[i].dot(r) * ro[i]
            r.add_(old_stps[i], alpha=(al[i] - be_i).item())
        return r

    def _remember_curvature(self, state, flat_grad):
        """Keep the pair (y, s) of the last step when its curvature is positive."""
        y = flat_grad.sub(state["prev_flat_grad"])
        s = state["d"].mul(state["t"])
        ys = y.dot(s)
        if ys.item() > 1e-10:
            if len(state["old_dirs"]) == self.param_groups[0]["history_size"]:
                for key in ("old_dirs", "old_stps", "ro"):
                    state[key].pop(0)
            state["old_dirs"].append(y)
            state["old_stps"].append(s)
            state["ro"].append(1.0 / ys)
            state["H_diag"] = ys / y.dot(y)

    def _iterate(self, closure):
        group = self.param_groups[0]
        lr, max_iter, max_eval = group["lr"], group["max_iter"], group["max_eval"]
        tolerance_grad, tolerance_change = group["tolerance_grad"], group["tolerance_change"]
        line_search_fn = group["line_search_fn"]

        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)

        orig_loss = self._eval_closure(closure)
        loss = float(orig_loss)
        current_evals = 1
        state["func_evals"] += 1
        flat_grad = self._gather_flat_grad()
        if flat_grad.abs().max().item() <= tolerance_grad:
            return orig_loss

        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            if state["n_iter"] == 1:
                state["d"] = flat_grad.neg()
                state["old_dirs"], state["old_stps"], state["ro"] = [], [], []
                state["H_diag"] = 1
            else:
                self._remember_curvature(state, flat_grad)
                state["d"] = self._two_loop_direction(state, flat_grad)
            d = state["d"]
            if state.get("prev_flat_grad") is None:
                state["prev_flat_grad"] = flat_grad.clone()
            else:
                state["prev_flat_grad"].copy_(flat_grad)
            prev_loss = state["prev_loss"] = loss

            if state["n_iter"] == 1:
                t = min(1.0, 1.0 / flat_grad.abs().sum().item()) * as_scalar(lr)
            else:
                t = as_scalar(lr)
            gtd = flat_grad.dot(d).item()
            if gtd > -tolerance_change:  # not a descent direction
                state["t"] = t
                break

            if line_search_fn is not None:
                if line_search_fn != "strong_wolfe":
                    raise RuntimeError("only 'strong_wolfe' is supported")
                x_init = [p.clone() for p in self._params]

                def obj_func(x, step, direction):
                    return self._directional_evaluate(closure, x, step, direction)

                loss, flat_grad, t, ls_func_evals = strong_wolfe(obj_func, x_init, t, d, loss, flat_grad, gtd)
                self._add_grad(t, d)
                opt_cond = flat_grad.abs().max().item() <= tolerance_grad
            else:
                self._add_grad(t, d)
                ls_func_evals = 0
                opt_cond = False
                if n_iter != max_iter:
                    loss = float(self._eval_closure(closure))
                    flat_grad = self._gather_flat_grad()
                    opt_cond = flat_grad.abs().max().item() <= tolerance_grad
                    ls_func_evals = 1
            state["t"] = t
            current_evals += ls_func_evals
            state["func_evals"] += ls_func_evals

            if n_iter == max_iter or current_evals >= max_eval or opt_cond:
                break
            if d.mul(t).abs().max().item() <= tolerance_change:
                break
            if abs(loss - prev_loss) < tolerance_change:
                break
        for key in _STATE_ORDER:  # PyTorch's order of the state entries, as state_dict shows them
            if key in state:
                state[key] = state.pop(key)
        return orig_loss
