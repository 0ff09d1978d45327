"""Makes the linear-fitting fixtures for the ml tests: two 8x6|200 float64 spectrum images
(<case>.f64, C order (6, 8, 200), little-endian) and <case>.json with HyperSpy 1.7.3's
m.multifit(optimizer='lstsq') results: every free parameter's map (values, and std from a second
multifit with calculate_errors=True), and chisq / red_chisq at every position (HyperSpy's
vectorised multifit sets them at the current position only, so they are computed here position
by position with the model's own _calculate_chisq / _set_current_degrees_of_freedom).

  uniform:     axis 100 + 2 i (i < 200); 2nd order Polynomial + Gaussian(centre 300, sigma 20)
               + PowerLaw(r 3); channels 150..180 removed (channel_switches)
  nonuniform:  axis 100 + 400 t**1.5; Offset + Gaussian(250, 15) + Gaussian(380, 30)
               + ScalableFixedPattern (a pattern on the same axis) + PowerLaw(r 2.5, origin 50)

Run with Debian's python3 (numpy, HyperSpy 1.7.3):  /usr/bin/python3 make_fixture.py
"""
import json
import warnings

import numpy as np
import hyperspy.api as hs

warnings.filterwarnings("ignore")
rng = np.random.default_rng(20261126)
NY, NX, M = 6, 8, 200


def nav_axes():
    return [{"name": "y", "size": NY, "navigate": True}, {"name": "x", "size": NX, "navigate": True}]


def gaussian(x, area, centre, sigma):
    return area / (sigma * np.sqrt(2 * np.pi)) * np.exp(-(x - centre) ** 2 / (2 * sigma ** 2))


def fit_and_save(case, s, model_builder, extra):
    data = s.data
    data.astype("<f8").tofile(case + ".f64")
    out = {"x": s.axes_manager.signal_axes[0].axis.tolist(), "shape": list(data.shape)}
    out.update(extra)
    for errors in (False, True):
        m = model_builder(s)
        m.multifit(optimizer="lstsq", calculate_errors=errors, iterpath="flyback", show_progressbar=False)
        params = {}
        for c in m:
            for p in c.parameters:
                if p.free:
                    params[c.name + "." + p.name] = p.map["std" if errors else "values"].ravel().tolist()
        out["std" if errors else "values"] = params
        if not errors:
            out["parameters"] = list(params)
            out["channel_switches"] = m.channel_switches.tolist()
            chisq = np.zeros((NY, NX))
            red = np.zeros((NY, NX))
            for iy in range(NY):
                for ix in range(NX):
                    m.axes_manager.indices = (ix, iy)
                    m.fetch_stored_values()
                    m._calculate_chisq()
                    m._set_current_degrees_of_freedom()
                    chisq[iy, ix] = m.chisq.data[iy, ix]
                    red[iy, ix] = m.red_chisq.data[iy, ix]
            out["chisq"] = chisq.ravel().tolist()
            out["red_chisq"] = red.ravel().tolist()
    with open(case + ".json", "w") as f:
        json.dump(out, f)


# Uniform axis.
x = 100 + 2.0 * np.arange(M)
a = rng.uniform(0.5, 1.5, size=(NY, NX, 1))
b = rng.uniform(0.5, 1.5, size=(NY, NX, 1))
clean = (a * (200 - 0.3 * x + 4e-4 * x ** 2) + b * gaussian(x, 3000, 300, 20) + a * b * 2e8 * x ** -3.0)
data = clean + rng.normal(0, 2, size=clean.shape)
s = hs.signals.Signal1D(data, axes=nav_axes() + [{"name": "Energy", "size": M, "scale": 2.0, "offset": 100.0}])


def uniform_model(s):
    m = s.create_model()
    poly = hs.model.components1D.Polynomial(order=2, legacy=False)
    g = hs.model.components1D.Gaussian(centre=300, sigma=20)
    g.centre.free = False
    g.sigma.free = False
    pl = hs.model.components1D.PowerLaw(r=3.0)
    pl.r.free = False
    pl.origin.free = False
    m.extend([poly, g, pl])
    m.remove_signal_range(150.0, 180.0)
    return m


fit_and_save("uniform", s, uniform_model, {"removed_range": [150.0, 180.0]})

# Non-uniform axis.
t = np.linspace(0, 1, M)
x = 100 + 400 * t ** 1.5
pattern = np.exp(-np.abs(x - 320) / 25.0) * 50 + np.sin(x / 17.0) * 5
c1 = rng.uniform(0.5, 1.5, size=(NY, NX, 1))
c2 = rng.uniform(0.5, 1.5, size=(NY, NX, 1))
clean = (40 * c1 + gaussian(x, 2000, 250, 15) * c2 + gaussian(x, 5000, 380, 30) * c1 + 3 * c2 * pattern
         + 1e6 * c1 * (x - 50) ** -2.5)
data = clean + rng.normal(0, 1.5, size=clean.shape)
s = hs.signals.Signal1D(data, axes=nav_axes() + [{"name": "Energy", "axis": x}])
ps = hs.signals.Signal1D(pattern, axes=[{"name": "Energy", "axis": x}])


def nonuniform_model(s):
    m = s.create_model()
    off = hs.model.components1D.Offset()
    g1 = hs.model.components1D.Gaussian(centre=250, sigma=15)
    g2 = hs.model.components1D.Gaussian(centre=380, sigma=30)
    fp = hs.model.components1D.ScalableFixedPattern(ps)
    pl = hs.model.components1D.PowerLaw(r=2.5, origin=50)
    for g in (g1, g2):
        g.centre.free = False
        g.sigma.free = False
    fp.xscale.free = False
    fp.shift.free = False
    pl.r.free = False
    pl.origin.free = False
    m.extend([off, g1, g2, fp, pl])
    return m


fit_and_save("nonuniform", s, nonuniform_model, {"pattern": pattern.tolist()})
