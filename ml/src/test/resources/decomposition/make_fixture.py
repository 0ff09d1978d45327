"""Makes rank4.f32 (a rank-4 non-negative float32 spectrum image, 30x20|64, Poisson noise, C order,
little-endian) and rank4.json (reference values) for the ml decomposition tests.

Run with Debian's python3 (numpy; HyperSpy 1.7.3):  /usr/bin/python3 make_fixture.py
scikit-learn is not installed here, so HyperSpy's lazy 'PCA' (scikit-learn's IncrementalPCA, one
partial_fit per navigation chunk) is reproduced with a direct numpy transcription of
IncrementalPCA.partial_fit (sklearn 1.x, whiten=False) to report its distance to exact PCA.
"""
import json
import numpy as np

rng = np.random.default_rng(20261126)
ny, nx, m, k = 30, 20, 64, 4
ch = np.arange(m)
factors = np.stack([np.exp(-0.5 * ((ch - c) / w) ** 2) for c, w in [(12, 3), (25, 5), (40, 4), (52, 6)]])
loadings = rng.uniform(0.2, 1.0, size=(ny * nx, k)) * np.array([400.0, 250.0, 150.0, 90.0])
clean = loadings @ factors + 5.0
data = rng.poisson(clean).astype(np.float32).reshape(ny, nx, m)
data.astype('<f4').tofile('rank4.f32')

X = data.reshape(-1, m).astype(np.float64)
n = X.shape[0]
K = 8


def flip(v):
    # largest |value| of each factor positive (the Java convention)
    idx = np.argmax(np.abs(v), axis=1)
    return v * np.sign(v[np.arange(v.shape[0]), idx])[:, None]


U, S, Vt = np.linalg.svd(X, full_matrices=False)
V = flip(Vt[:K])
svd_ev = S[:K] ** 2 / n
svd_loadings = X @ V.T

Xc = X - X.mean(axis=0)
Uc, Sc, Vct = np.linalg.svd(Xc, full_matrices=False)
pca_ev = Sc[:K] ** 2 / (n - 1)
pca_ratio = Sc[:K] ** 2 / (Sc ** 2).sum()
Vc = flip(Vct[:K])

# Poissonian normalisation (Keenan & Kotula), uncentred SVD on the weighted data
aG = X.sum(1)
bH = X.sum(0)
Xw = X / (np.sqrt(aG)[:, None] * np.sqrt(bH)[None, :])
Uw, Sw, Vwt = np.linalg.svd(Xw, full_matrices=False)
poisson_ev = Sw[:K] ** 2 / n
poisson_factors = flip(Vwt[:K]) * np.sqrt(bH)[None, :]

# Centre 'signal' (row means subtracted)
Xs = X - X.mean(axis=1)[:, None]
_, Ss, _ = np.linalg.svd(Xs, full_matrices=False)
signal_centred_ev = Ss[:K] ** 2 / n


def incremental_pca(batches, n_components):
    """numpy transcription of sklearn IncrementalPCA.partial_fit (whiten=False)."""
    comps = None
    sv = None
    mean = np.zeros(m)
    var = np.zeros(m)
    seen = 0
    for Xb in batches:
        nb = Xb.shape[0]
        col_mean = Xb.mean(0)
        col_var = Xb.var(0)
        tot = seen + nb
        last_sum = mean * seen
        new_sum = Xb.sum(0)
        upd_mean = (last_sum + new_sum) / tot
        # variance update (sklearn _incremental_mean_and_var)
        new_unnorm_var = col_var * nb
        last_unnorm_var = var * seen
        if seen > 0:
            r = seen / nb
            upd_unnorm_var = last_unnorm_var + new_unnorm_var + r / tot * (last_sum / r - new_sum) ** 2
        else:
            upd_unnorm_var = new_unnorm_var
        upd_var = upd_unnorm_var / tot
        if seen == 0:
            Xa = Xb - col_mean
        else:
            corr = np.sqrt(seen * nb / tot) * (mean - col_mean)
            Xa = np.vstack((sv.reshape(-1, 1) * comps, Xb - col_mean, corr))
        Ub, Sb, Vb = np.linalg.svd(Xa, full_matrices=False)
        # svd_flip(U, Vt, u_based_decision=False)
        idx = np.argmax(np.abs(Vb), axis=1)
        Vb = Vb * np.sign(Vb[np.arange(Vb.shape[0]), idx])[:, None]
        comps = Vb[:n_components]
        sv = Sb[:n_components]
        mean, var, seen = upd_mean, upd_var, tot
    ev = sv ** 2 / (seen - 1)
    ratio = sv ** 2 / np.sum(var * seen)
    return ev, ratio


# HyperSpy's lazy PCA: one partial_fit per navigation chunk; chunks (10, 10) of the (30, 20) navigation
blocks = []
for by in range(0, ny, 10):
    for bx in range(0, nx, 10):
        blocks.append(data[by:by + 10, bx:bx + 10].reshape(-1, m).astype(np.float64))
ipca_ev, ipca_ratio = incremental_pca(blocks, K)

out = {
    "shape": [ny, nx, m], "outputDimension": K,
    "svdSingularValues": S[:K].tolist(), "svdExplainedVariance": svd_ev.tolist(),
    "svdExplainedVarianceRatio": (svd_ev / svd_ev.sum()).tolist(),
    "svdFactors": V.tolist(), "svdLoadings0": svd_loadings[:, 0].tolist(),
    "pcaExplainedVariance": pca_ev.tolist(), "pcaExplainedVarianceRatio": pca_ratio.tolist(),
    "pcaFactors": Vc.tolist(), "pcaMean": X.mean(axis=0).tolist(),
    "poissonExplainedVariance": poisson_ev.tolist(), "poissonFactors": poisson_factors.tolist(),
    "signalCentredExplainedVariance": signal_centred_ev.tolist(),
    "incrementalPcaExplainedVariance": ipca_ev.tolist(),
    "incrementalPcaExplainedVarianceRatio": ipca_ratio.tolist(),
}

try:
    import hyperspy.api as hs
    s = hs.signals.Signal1D(data.copy())
    s.decomposition(algorithm="SVD", output_dimension=K, print_info=False)
    out["hyperspySvdExplainedVariance"] = np.asarray(s.learning_results.explained_variance[:K]).tolist()
    s.decomposition(algorithm="SVD", output_dimension=K, normalize_poissonian_noise=True, print_info=False)
    out["hyperspyPoissonExplainedVariance"] = np.asarray(s.learning_results.explained_variance[:K]).tolist()
    lz = hs.signals.Signal1D(data.copy()).as_lazy()
    lz.data = lz.data.rechunk((10, 10, m))
    lz.decomposition(algorithm="SVD", output_dimension=K, print_info=False)
    lr = lz.learning_results
    out["hyperspyLazySvdExplainedVariance"] = np.asarray(lr.explained_variance[:K]).tolist()
    out["hyperspyLazySvdExplainedVarianceRatio"] = np.asarray(lr.explained_variance_ratio[:K]).tolist()
    out["hyperspyVersion"] = hs.__version__
except Exception as e:  # HyperSpy missing or failing: the numpy references stand alone
    out["hyperspyError"] = repr(e)

with open("rank4.json", "w") as f:
    json.dump(out, f, indent=1)
print({k: v for k, v in out.items() if "Explained" in k})
